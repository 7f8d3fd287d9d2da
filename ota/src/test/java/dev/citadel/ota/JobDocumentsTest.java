package dev.citadel.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobDocumentsTest {
    static final String SIG = "MEQCIF2QDvww1G/kpRGZ8FYvQrok1bSZvXjXefRk7sqNcyPTAiB4dvGt8fozIY5NC0vUDJ2MY42ZERYEcrbwA4n6qa+r7A==";

    static String doc(String file) {
        return "{\"clientToken\":\"0:thing\",\"timestamp\":1602795143,\"execution\":{\"jobId\":\"AFR_OTA-job1\","
                + "\"status\":\"QUEUED\",\"statusDetails\":{},\"jobDocument\":{\"afr_ota\":{\"protocols\":[\"MQTT\"],"
                + "\"streamname\":\"AFR_OTA-stream\",\"files\":[" + file + "]}}}}";
    }

    static OtaJob parse(String json) throws JobDocumentException {
        return JobDocuments.parse(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aFreeRtosJobDocumentIsRead() throws Exception {
        OtaJob j = parse(doc("{\"filepath\":\"non_secure image\",\"filesize\":123456,\"fileid\":0,\"certfile\":\"0\","
                + "\"fileType\":0,\"sig-sha256-ecdsa\":\"" + SIG + "\"}"));
        assertThat(j.jobId()).isEqualTo("AFR_OTA-job1");
        assertThat(j.protocols()).containsExactly(Protocol.MQTT);
        assertThat(j.streamName()).contains("AFR_OTA-stream");
        assertThat(j.file().fileSize()).isEqualTo(123456);
        assertThat(j.file().signature()).hasSize(70);
        assertThat(FwuComponents.forPath(j.file().filepath())).contains(1);
        assertThat(j.afterUpdate()).isFalse();
    }

    @Test
    void aDocumentWithoutAnExecutionMeansNoJob() throws Exception {
        assertThat(JobDocuments.parse("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void missingOrInvalidFieldsAreNamed() {
        assertThatThrownBy(() -> parse(doc("{\"fileid\":0,\"sig-sha256-ecdsa\":\"" + SIG + "\"}")))
                .hasMessage("the job document has no files[0].filesize");
        assertThatThrownBy(() -> parse(doc("{\"filesize\":-1,\"fileid\":0,\"sig-sha256-ecdsa\":\"" + SIG + "\"}")))
                .hasMessageContaining("files[0].filesize is -1");
        assertThatThrownBy(() -> parse(doc("{\"filesize\":10,\"fileid\":0}")))
                .hasMessage("the job document has no files[0].sig-sha256-ecdsa");
        assertThatThrownBy(() -> parse(doc("{\"filesize\":10,\"fileid\":0,\"sig-sha256-ecdsa\":\"***\"}")))
                .hasMessageContaining("is not base64");
        assertThatThrownBy(() -> parse("{\"execution\":{\"jobId\":\"j\"}}"))
                .hasMessage("the job document has no execution.jobDocument");
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(JobDocumentException.class)
                .hasMessageStartingWith("the job document is not JSON");
        assertThatThrownBy(() -> parse(doc("{\"filesize\":10,\"fileid\":0,\"sig-sha256-ecdsa\":\"" + SIG
                + "\"},{\"filesize\":10,\"fileid\":1}"))).hasMessage("afr_ota.files must be an array of exactly one file");
    }
}
