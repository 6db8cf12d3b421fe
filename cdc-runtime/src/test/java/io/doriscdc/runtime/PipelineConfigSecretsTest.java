package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Passwords in JDBC URLs, the password and secret-named settings never appear in what a configuration prints. */
class PipelineConfigSecretsTest {

    @Test
    void passwordsInUrlParametersAreMaskedInAnyCaseAndPosition() {
        assertThat(Redaction.url("jdbc:postgresql://h/db?user=u&password=s3cret"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=****");
        assertThat(Redaction.url("jdbc:postgresql://h:5432/db?PassWord=s3cret&sslmode=verify-full"))
                .isEqualTo("jdbc:postgresql://h:5432/db?PassWord=****&sslmode=verify-full");
        assertThat(Redaction.url("jdbc:postgresql://h/db?sslmode=require&sslpassword=keypw&user=u"))
                .isEqualTo("jdbc:postgresql://h/db?sslmode=require&sslpassword=****&user=u");
        assertThat(Redaction.url("jdbc:postgresql://h/db?password=&user=u")).isEqualTo("jdbc:postgresql://h/db?password=****&user=u");
    }

    @Test
    void aPasswordInTheAuthorityIsMaskedAndTheRestKept() {
        assertThat(Redaction.url("jdbc:postgresql://u:s3cr@t@db.example:5432/shop?ssl=true"))
                .isEqualTo("jdbc:postgresql://u:****@db.example:5432/shop?ssl=true");
        assertThat(Redaction.url("jdbc:postgresql://db.example:5432,db2:5433/shop?user=a@b"))
                .isEqualTo("jdbc:postgresql://db.example:5432,db2:5433/shop?user=a@b");
        assertThat(Redaction.url(null)).isNull();
    }

    @Test
    void settingsNamingASecretAreMaskedWhateverTheirCase() {
        assertThat(Redaction.settings(Map.of("fe", "fe1:8030", "password", "p1", "truststore-password", "p2", "Token", "t",
                "client_SECRET", "s", "user", "root")))
                .containsExactly(Map.entry("Token", "****"), Map.entry("client_SECRET", "****"), Map.entry("fe", "fe1:8030"),
                        Map.entry("password", "****"), Map.entry("truststore-password", "****"), Map.entry("user", "root"));
    }

    @Test
    void toStringShowsNoSecretButTheShapeOfTheConfiguration() {
        PipelineConfig c = PipelineConfig.builder()
                .postgres("jdbc:postgresql://cdc:UrlAuthoritySecret@db:5432/shop?user=cdc&PASSWORD=UrlParamSecret&sslmode=verify-full")
                .user("cdc").password("PropertySecret")
                .pgProperty("sslpassword", "KeySecret").pgProperty("sslrootcert", "/etc/ca.pem")
                .slot("shop").transport("streamload")
                .transportSetting("fe", "fe1:8030").transportSetting("password", "DorisSecret")
                .transportSetting("truststore-password", "StoreSecret").transportSetting("api-token", "TokenSecret")
                .route("public.orders", "shop", "orders")
                .build();
        String printed = c.toString();
        assertThat(printed).doesNotContain("UrlAuthoritySecret", "UrlParamSecret", "PropertySecret", "KeySecret", "DorisSecret",
                "StoreSecret", "TokenSecret");
        assertThat(printed).contains("jdbc:postgresql://cdc:****@db:5432/shop?user=cdc&PASSWORD=****&sslmode=verify-full")
                .contains("sslrootcert=/etc/ca.pem").contains("fe=fe1:8030").contains("password=****").contains("public.orders");
    }
}
