package io.doriscdc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.runtime.PipelineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files of several pipelines ({@code pipelines:}): what each shares, what each owns, and the errors. */
class ConfigReaderPipelinesTest {

    private static final String TWO = """
            postgres:
              url: jdbc:postgresql://db:5432/shop
              password: ${env:PG_PASSWORD}
            transport:
              settings:
                fe: doris-fe:8030
            pipelines:
              - name: orders
                tables:
                  - source: public.orders
                    target: shop.orders
                  - source: public.order_lines
                    target: shop.order_lines
              - name: customers
                slot: cust_slot
                publication: cust_pub
                tables:
                  - source: public.customers
                    target: shop.customers
            batch:
              max-rows: 50000
            ha:
              instance-id: pod-1
            """;

    private static final Secrets ENV = Secrets.of(Map.of("PG_PASSWORD", "pg-secret"));

    private static PipelineFile parse(String yaml) {
        return ConfigReader.parseAll("pipeline.yaml", yaml, ENV);
    }

    private static String error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigError e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigError for:\n" + yaml);
    }

    @Test
    void eachPipelineHasItsOwnSlotPublicationAndTablesAndSharesEverythingElse() {
        PipelineFile file = parse(TWO);
        assertThat(file.listed()).isTrue();
        assertThat(file.names()).containsExactly("orders", "customers");
        PipelineConfig orders = file.pipelines().get(0).pipelineConfig(PipelineListener.NONE);
        PipelineConfig customers = file.pipelines().get(1).pipelineConfig(PipelineListener.NONE);
        assertThat(orders.slotName()).isEqualTo("orders");
        assertThat(orders.publicationName()).isEqualTo("orders");
        assertThat(orders.routes()).extracting(r -> r.source().toString()).containsExactly("public.orders", "public.order_lines");
        assertThat(customers.slotName()).isEqualTo("cust_slot");
        assertThat(customers.publicationName()).isEqualTo("cust_pub");
        assertThat(customers.routes()).extracting(r -> r.source().toString()).containsExactly("public.customers");
        for (PipelineConfig p : List.of(orders, customers)) {
            assertThat(p.batchMaxRows()).isEqualTo(50000);
            assertThat(p.instanceId()).isEqualTo("pod-1");
            assertThat(p.password()).isEqualTo("pg-secret");
        }
    }

    @Test
    void aFileWithoutPipelinesIsOnePipelineNamedAfterItsSlot() {
        String one = TWO.substring(0, TWO.indexOf("pipelines:")) + """
                slot: shop
                tables:
                  - source: public.orders
                    target: shop.orders
                """;
        PipelineFile file = parse(one);
        assertThat(file.listed()).isFalse();
        assertThat(file.single().name()).isEqualTo("shop");
        assertThat(file.single().pipelineConfig(PipelineListener.NONE).publicationName()).isEqualTo("doris_cdc");
    }

    @Test
    void selectingPipelinesKeepsFileOrderAndAnUnknownNameListsTheDeclaredOnes() {
        assertThat(parse(TWO).select(List.of("customers")).names()).containsExactly("customers");
        assertThat(parse(TWO).select(List.of("customers", "orders")).names()).containsExactly("orders", "customers");
        assertThat(parse(TWO).select(List.of()).names()).containsExactly("orders", "customers");
        assertThatThrownBy(() -> parse(TWO).select(List.of("order"))).hasMessage(
                "pipeline.yaml: --pipeline: no pipeline [order] in this file; it declares [orders, customers]");
    }

    @Test
    void aCommandOfOnePipelineRefusesAFileOfSeveralAndSaysHowToChoose() {
        assertThatThrownBy(() -> ConfigReader.parse("pipeline.yaml", TWO, ENV)).hasMessage(
                "pipeline.yaml: pipelines: declares 2 pipelines [orders, customers]; this command takes one: choose it with --pipeline NAME");
    }

    @Test
    void topLevelSlotPublicationOrTablesBesidePipelinesNameTheirLine() {
        assertThat(error("slot: x\n" + TWO)).isEqualTo(
                "pipeline.yaml:1: slot: cannot be used with pipelines: (line 8); move it into each entry of pipelines:");
        assertThat(error(TWO + "publication: p\n")).startsWith("pipeline.yaml:24: publication: cannot be used with pipelines:");
        assertThat(error(TWO + "tables:\n  - source: public.a\n    target: shop.a\n")).startsWith("pipeline.yaml:24: tables: cannot be used");
    }

    @Test
    void aTableInTwoPipelinesIsRefusedWithItsLine() {
        assertThat(error(TWO.replace("source: public.customers", "source: public.orders"))).isEqualTo(
                "pipeline.yaml:18: pipelines[1].tables[0].source: public.orders is already in pipeline orders: a table belongs to one pipeline only "
                        + "(two slots would load it twice, out of order); remove it from one of them");
        assertThat(error(TWO.replace("target: shop.customers", "target: shop.orders")))
                .startsWith("pipeline.yaml:19: pipelines[1].tables[0].target: shop.orders is already in pipeline orders");
    }

    @Test
    void namesSlotsAndPublicationsMustDiffer() {
        assertThat(error(TWO.replace("name: customers", "name: orders")))
                .isEqualTo("pipeline.yaml:14: pipelines[1].name: 'orders' names two pipelines; give each its own name");
        assertThat(error(TWO.replace("slot: cust_slot", "slot: orders")))
                .startsWith("pipeline.yaml:15: pipelines[1].slot: slot 'orders' is already pipeline orders's");
        assertThat(error(TWO.replace("publication: cust_pub", "publication: orders")))
                .startsWith("pipeline.yaml:16: pipelines[1].publication: publication 'orders' is already pipeline orders's");
    }

    @Test
    void eachEntryIsCheckedKeyByKey() {
        assertThat(error(TWO.replace("  - name: orders", "  - nam: orders")))
                .startsWith("pipeline.yaml:8: pipelines[0].nam: unknown key; known keys here: [name, slot, publication, tables]");
        assertThat(error(TWO.replace("    slot: cust_slot", "    slot: Cust-Slot")))
                .startsWith("pipeline.yaml:15: pipelines[1].slot: ");
        assertThat(error(TWO.replace("  - name: orders", "  - name: Orders!"))).startsWith("pipeline.yaml:8: pipelines[0].name: ");
        assertThat(error(TWO.replace("        target: shop.customers", "        target: customers")))
                .isEqualTo("pipeline.yaml:19: pipelines[1].tables[0].target: 'customers' must be database.table (e.g. shop.orders)");
        String noTables = TWO.replace("""
                    publication: cust_pub
                    tables:
                      - source: public.customers
                        target: shop.customers
                """, "    publication: cust_pub\n");
        assertThat(error(noTables)).startsWith("pipeline.yaml:14: pipelines[1].tables: at least one table is required");
        assertThat(error(TWO.substring(0, TWO.indexOf("pipelines:")) + "pipelines: []\n"))
                .startsWith("pipeline.yaml:7: pipelines: needs at least one entry");
    }
}
