package io.doriscdc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.PipelineListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pipeline file's secrets, resolved or written inline, never appear in what its configuration objects print. */
class CliConfigSecretsTest {

    private static final String YAML = """
            postgres:
              url: jdbc:postgresql://cdc:AuthoritySecret@db:5432/shop?sslmode=verify-full&Password=UrlSecret
              user: cdc
              password: ${env:PG_PASSWORD}
              properties:
                sslrootcert: /etc/ca.pem
                sslpassword: ${env:KEY_PASSWORD}
            slot: shop
            transport:
              scheme: streamload
              settings:
                fe: fe1:8030
                user: loader
                password: ${env:DORIS_PASSWORD}
                scheme: https
                truststore-password: InlineStoreSecret
            tables:
              - source: public.orders
                target: shop.orders
            """;

    private static final Map<String, String> ENV = Map.of("PG_PASSWORD", "EnvPgSecret", "KEY_PASSWORD", "EnvKeySecret",
            "DORIS_PASSWORD", "EnvDorisSecret");

    private static final String[] SECRETS = {"AuthoritySecret", "UrlSecret", "EnvPgSecret", "EnvKeySecret", "EnvDorisSecret", "InlineStoreSecret"};

    @Test
    void cliConfigPrintsTheShapeWithEverySecretMasked() {
        CliConfig c = ConfigReader.parse("pipeline.yaml", YAML, Secrets.of(ENV));
        assertThat(c.postgresPassword()).isEqualTo("EnvPgSecret"); // resolved, only not printed
        assertThat(c.toString()).doesNotContain(SECRETS)
                .contains("postgres=jdbc:postgresql://cdc:****@db:5432/shop?sslmode=verify-full&Password=****")
                .contains("sslrootcert=/etc/ca.pem").contains("sslpassword=****")
                .contains("fe=fe1:8030").contains("truststore-password=****").contains("user=loader");
    }

    @Test
    void thePipelineConfigurationBuiltFromItPrintsNoSecretEither() {
        CliConfig c = ConfigReader.parse("pipeline.yaml", YAML, Secrets.of(ENV));
        assertThat(c.pipelineConfig(PipelineListener.NONE).toString()).doesNotContain(SECRETS).contains("slot=shop");
    }
}
