package io.doriscdc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** Proves the test server is real and logical: a committed row comes back through pgjdbc's replication stream. */
@PostgresTest
class PgOutputRoundTripIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @Test
    @Timeout(60)
    void committedRowComesBackThroughThePgoutputSlot() throws Exception {
        PG.execute("CREATE TABLE users (id int PRIMARY KEY, name text)",
                "CREATE PUBLICATION pub FOR TABLE users",
                "SELECT pg_create_logical_replication_slot('roundtrip', 'pgoutput')");
        PG.execute("INSERT INTO users VALUES (1, 'alice')");

        List<Character> types = new ArrayList<>();
        String inserted = null;
        try (Connection repl = PG.connectReplication()) {
            PGReplicationStream stream = repl.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream().logical()
                    .withSlotName("roundtrip")
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "pub")
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            while (!types.contains('C')) {
                ByteBuffer msg = stream.read(); // blocks; the @Timeout bounds the test
                char type = (char) msg.get(msg.position());
                types.add(type);
                if (type == 'I') {
                    inserted = new String(msg.array(), msg.arrayOffset() + msg.position(), msg.remaining(), StandardCharsets.UTF_8);
                }
            }
            stream.close();
        }
        assertThat(types).containsSubsequence('B', 'R', 'I', 'C');
        assertThat(inserted).contains("alice");
    }

    @Test
    void serverRunsTheRequestedMajorWithLogicalDecoding() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('wal_level'), current_setting('server_version_num')::int / 10000")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
            if (PG.server().source().equals("embedded")) {
                assertThat(rs.getInt(2)).isEqualTo(PgServers.requestedMajor());
            }
        }
    }
}
