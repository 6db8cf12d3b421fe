package io.doriscdc.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The server settings every test server gets: logical decoding with room for many slots. */
final class ServerSettings {

    private ServerSettings() {
    }

    static Map<String, String> logical() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("wal_level", "logical");
        s.put("max_replication_slots", "40");
        s.put("max_wal_senders", "40");
        s.put("max_prepared_transactions", "20");
        s.put("max_connections", "200");
        s.put("fsync", "off");
        s.put("full_page_writes", "off");
        s.put("synchronous_commit", "off");
        return s;
    }
}
