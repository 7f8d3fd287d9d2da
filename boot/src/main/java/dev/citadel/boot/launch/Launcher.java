package dev.citadel.boot.launch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;

/**
 * The first code of a world's JVM: reads a {@link LaunchStream} from standard input, defines the program's classes
 * from that memory only, and calls its {@code main} with this JVM's arguments. It never opens a file, so nothing
 * can change the code between BL2's check and its use.
 *
 * <p>A refusal prints one line, {@code citadel-launch: ...}, on standard error and exits with {@link #REFUSED}
 * before any of the program's classes is defined.
 */
public final class Launcher {
    /** Exit status when the code is refused (as {@code env} and container runtimes use 125 for their own faults). */
    public static final int REFUSED = 125;

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        LaunchStream.Program program;
        MethodHandle main;
        try {
            program = LaunchStream.read(System.in);
            main = mainOf(program);
        } catch (LaunchException e) {
            System.err.println("citadel-launch: " + e.getMessage());
            System.err.flush();
            System.exit(REFUSED);
            return;
        }
        // Reading the stream left garbage the size of the code: collect it before the program starts, so that the
        // heap shrinks back to what the program holds (the SPE's flags bound the free share of the heap).
        System.gc();
        main.invoke(args);
    }

    static MethodHandle mainOf(LaunchStream.Program program) throws LaunchException {
        MemoryClassLoader loader = new MemoryClassLoader(program.jars());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> c = Class.forName(program.mainClass(), false, loader);
            var m = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new LaunchException(program.mainClass() + ".main is not static");
            }
            return MethodHandles.publicLookup().findStatic(c, "main",
                    MethodType.methodType(void.class, String[].class));
        } catch (ClassNotFoundException e) {
            throw new LaunchException("main class " + program.mainClass() + " is in none of the jars");
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new LaunchException("main class " + program.mainClass() + " has no public static main(String[])");
        } catch (LinkageError e) {
            throw new LaunchException("main class " + program.mainClass() + " cannot be loaded: " + e);
        }
    }
}
