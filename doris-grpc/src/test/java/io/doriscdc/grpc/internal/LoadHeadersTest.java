package io.doriscdc.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.grpc.proto.LoadHeader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadHeadersTest {

    @Test
    void streamLoadHeadersOfAPartSurviveTheTripThroughTheLoadHeader() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("format", "csv");
        headers.put("column_separator", "\\x01");
        headers.put("enclose", "\"");
        headers.put("escape", "\\");
        headers.put("columns", "id,name,__doris_cdc_version,__DORIS_DELETE_SIGN__");
        headers.put("function_column.sequence_col", "__doris_cdc_version");
        headers.put("partial_columns", "true");
        headers.put("compress_type", "gz");
        LoadHeader h = LoadHeaders.toProto(headers, LoadHeader.newBuilder()).build();
        assertThat(h.getColumnsList()).containsExactly("id", "name", "__doris_cdc_version", "__DORIS_DELETE_SIGN__");
        assertThat(h.getSequenceColumn()).isEqualTo("__doris_cdc_version");
        assertThat(LoadHeaders.fromProto(h)).isEqualTo(headers);
    }

    @Test
    void identityLabelAndTransactionHeadersAreRefusedAtTheGateway() {
        for (String key : new String[] {"label", "two_phase_commit", "Authorization", "txn_operation", "group_commit", "timeout"}) {
            LoadHeader h = LoadHeader.newBuilder().putProperties(key, "x").build();
            assertThatThrownBy(() -> LoadHeaders.fromProto(h)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        }
    }
}
