package io.doriscdc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.streamload.StreamLoadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md against the code: every key documented, the example valid. */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    private static String reference() throws Exception {
        return Files.readString(REFERENCE);
    }

    @Test
    void everyKeyTheReaderAcceptsHasARowInTheReference() throws Exception {
        String doc = reference();
        List<String> missing = ConfigKeys.ALL.stream().map(ConfigKey::path).filter(p -> !doc.contains("| `" + p + "` |")).toList();
        assertThat(missing).as("keys missing from %s", REFERENCE).isEmpty();
    }

    @Test
    void everyStreamLoadSettingHasARowInTheReference() throws Exception {
        String doc = reference();
        List<String> missing = StreamLoadSettings.KEYS.stream().sorted().filter(k -> !doc.contains("| `" + k + "` |")).toList();
        assertThat(missing).as("streamload settings missing from %s", REFERENCE).isEmpty();
    }

    @Test
    void everyGrpcSettingIsInTheReference() throws Exception {
        String doc = reference().split("## Settings of the `grpc` transport")[1];
        List<String> missing = io.doriscdc.grpc.GrpcSettings.KEYS.stream().sorted().filter(k -> !doc.contains("`" + k + "`")).toList();
        assertThat(missing).as("grpc settings missing from %s", REFERENCE).isEmpty();
    }

    @Test
    void everyDocumentedKeyExists() throws Exception {
        String keys = reference().split("## Keys")[1].split("## Settings")[0];
        List<String> documented = keys.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3))).toList();
        assertThat(documented).containsExactlyElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::path).toList());
    }

    @Test
    void theExampleInTheReferenceIsAValidConfiguration() throws Exception {
        String doc = reference();
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start)).replace("${file:/run/secrets/doris}", "from-a-file");
        CliConfig c = ConfigReader.parse("configuration.md", yaml, Secrets.of(Map.of("PG_PASSWORD", "pw", "POD_NAME", "doris-cdc-orders-7d9f-x2")));
        assertThat(c.pipelineConfig(PipelineListener.NONE).routes()).hasSize(2);
        assertThat(c.metricsPort()).hasValue(9464);
        assertThat(c.pipelineConfig(PipelineListener.NONE).instanceId()).isEqualTo("doris-cdc-orders-7d9f-x2");
    }

    @Test
    void theExampleOfSeveralPipelinesIsAValidConfiguration() throws Exception {
        String section = reference().split("## Several pipelines in one file")[1];
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = section.substring(start, section.indexOf("```", start));
        PipelineFile f = ConfigReader.parseAll("configuration.md", yaml, Secrets.of(Map.of("PG_PASSWORD", "pw", "DORIS_PASSWORD", "dpw")));
        assertThat(f.names()).containsExactly("orders", "customers");
        assertThat(f.pipelines()).extracting(CliConfig::slot).containsExactly("orders", "shop_customers");
        assertThat(f.pipelines().get(1).pipelineConfig(PipelineListener.NONE).publicationName()).isEqualTo("shop_customers_pub");
        assertThat(f.pipelines()).allSatisfy(c -> assertThat(c.metricsPort()).hasValue(9464));
    }
}
