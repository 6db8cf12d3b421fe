package io.doriscdc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.runtime.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline files inside deploy/kubernetes's ConfigMaps are valid configurations that run with
 * high availability, and fit their Deployments (metrics port, secrets). The manifests themselves are
 * validated against the Kubernetes schemas by deploy/validate (.ci/run).
 */
class DeployManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");

    private static List<JsonNode> documents() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode d = it.next();
                        if (d != null && !d.isEmpty()) {
                            out.add(d);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyShardsPipelineFileIsValidRunsWithHighAvailabilityAndServesHealthOnTheProbedPort() throws Exception {
        List<JsonNode> docs = documents();
        List<JsonNode> deployments = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).toList();
        assertThat(deployments).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            String configMap = deployment.at("/spec/template/spec/volumes").findValue("configMap").path("name").asText();
            JsonNode cm = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                    && d.path("metadata").path("name").asText().equals(configMap)).findFirst().orElseThrow();
            String text = cm.path("data").path("pipeline.yaml").asText().replace("${file:/run/secrets/doris/password}", "from-a-file");
            CliConfig c = ConfigReader.parse(name + "/pipeline.yaml", text, Secrets.of(Map.of("PG_PASSWORD", "pw", "POD_NAME", name + "-abc12")));
            PipelineConfig p = c.pipelineConfig(PipelineListener.NONE);
            assertThat(p.highAvailability()).as(name).isTrue();
            assertThat(p.instanceId()).as(name).isEqualTo(name + "-abc12");
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            int port = container.path("ports").get(0).path("containerPort").asInt();
            assertThat(c.metricsPort()).as(name + " metrics.port").hasValue(port);
            assertThat(deployment.at("/spec/replicas").asInt()).as(name + " replicas").isGreaterThanOrEqualTo(2);
            assertThat(container.toString()).contains("PG_PASSWORD").contains("/run/secrets/doris");
        }
    }
}
