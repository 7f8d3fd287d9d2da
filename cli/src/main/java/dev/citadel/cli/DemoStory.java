package dev.citadel.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's chapters as they run: a numbered heading for each, indented progress lines, one outcome per chapter
 * (what was expected happened, or not, and why), and the summary at the end. The summary is the demo's verdict: the
 * command's exit status is 0 only when every chapter ended as expected.
 */
final class DemoStory {
    /** One finished chapter. */
    record Chapter(int number, String title, boolean asExpected, String outcome, long millis) {}

    /** The summary's title column: the longest chapter title fits. */
    private static final int TITLE_WIDTH = 36;

    private final PrintStream out;
    private final int chapters;
    private final long start = System.nanoTime();
    private final List<Chapter> done = new ArrayList<>();
    private int current;
    private String title;
    private long chapterStart;

    DemoStory(PrintStream out, int chapters) {
        this.out = out;
        this.chapters = chapters;
    }

    /** Starts the next chapter. */
    void begin(String chapterTitle) {
        current++;
        title = chapterTitle;
        chapterStart = System.nanoTime();
        out.println();
        out.printf("[%d/%d] %s%n", current, chapters, chapterTitle);
    }

    /** A progress line of the current chapter. */
    void say(String line) {
        out.println("   " + line);
    }

    /** Ends the current chapter: {@code asExpected} tells whether the device behaved as the story says it must. */
    void end(boolean asExpected, String outcome) {
        long ms = (System.nanoTime() - chapterStart) / 1_000_000;
        done.add(new Chapter(current, title, asExpected, outcome, ms));
        out.printf("   => %s: %s (%.1f s)%n", asExpected ? "as expected" : "NOT AS EXPECTED", outcome, ms / 1000.0);
    }

    /** Ends the current chapter as not expected, if it has not ended (a chapter cut short by a failure). */
    void abandon(String why) {
        if (current > 0 && (done.isEmpty() || done.get(done.size() - 1).number() != current)) {
            end(false, why);
        }
    }

    List<Chapter> chapters() {
        return List.copyOf(done);
    }

    /** True when every chapter ran and ended as expected. */
    boolean allAsExpected() {
        return done.size() == chapters && done.stream().allMatch(Chapter::asExpected);
    }

    /** Prints the summary table and the verdict line. */
    void summary(String where) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long ok = done.stream().filter(Chapter::asExpected).count();
        out.println();
        out.println("Summary" + (where.isEmpty() ? "" : " (" + where + ")"));
        for (Chapter c : done) {
            out.printf("  %-4s %2d. %-" + TITLE_WIDTH + "s %s%n", c.asExpected() ? "ok" : "FAIL", c.number(), c.title(),
                    c.outcome());
        }
        for (int n = done.size() + 1; n <= chapters; n++) {
            out.printf("  %-4s %2d. %s%n", "--", n, "not reached");
        }
        out.printf("%d of %d chapters as expected in %.1f s%n", ok, chapters, seconds);
    }
}
