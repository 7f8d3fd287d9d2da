package dev.citadel.ota;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * Blocks over HTTP: one {@code GET} with {@code Range: bytes=a-b} per needed block on the job's
 * {@code update_data_url} (the classic agent's HTTP data protocol). An I/O failure is retried a bounded number of
 * times; an answer that is not the range asked for is a corrupt block.
 */
final class HttpRangeSource implements BlockSource {
    private final HttpClient http;
    private final OtaConfig config;

    HttpRangeSource(OtaConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public void fetch(OtaJob job, BlockBitmap bitmap, BlockSink sink) throws OtaException {
        URI url = job.file().updateDataUrl().orElseThrow();
        long size = job.file().fileSize();
        int failures = 0;
        while (!bitmap.complete()) {
            int i = bitmap.firstNeeded();
            long start = (long) i * config.blockSize();
            long end = Math.min(size, start + config.blockSize()) - 1;
            HttpResponse<byte[]> r;
            try {
                r = http.send(HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                        .header("Range", "bytes=" + start + "-" + end).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (++failures > config.maxRetries()) {
                    throw new OtaException(Refusal.DOWNLOAD_FAILED, "GET " + url + " failed " + failures
                            + " times: " + e.getMessage());
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OtaException(Refusal.DOWNLOAD_FAILED, "interrupted");
            }
            if (r.statusCode() != 206) {
                throw new OtaException(Refusal.DOWNLOAD_FAILED, "GET " + url + " bytes " + start + "-" + end
                        + " answered HTTP " + r.statusCode() + ", not 206 Partial Content");
            }
            String range = r.headers().firstValue("Content-Range").orElse("").toLowerCase(Locale.ROOT);
            if (!range.startsWith("bytes " + start + "-" + end + "/")) {
                throw new OtaException(Refusal.CORRUPT_BLOCK, "block " + i + ": the server sent range '" + range
                        + "', not bytes " + start + "-" + end);
            }
            failures = 0;
            sink.accept(DataBlock.of(job.file().fileId(), i, r.body()));
        }
    }
}
