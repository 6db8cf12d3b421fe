package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import io.doriscdc.pgoutput.PgTypes;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pgoutput options a pipeline starts its replication with. Stateless. */
final class ReplicationOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationOptions.class);

    private ReplicationOptions() {
    }

    /** proto_version, publication_names, messages, binary (when readable) and streaming (v2+). */
    static Map<String, String> of(int protoVersion, String publication, boolean binary) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("proto_version", Integer.toString(protoVersion));
        options.put("publication_names", publicationOption(publication));
        options.put("messages", "true");
        if (binary) {
            options.put("binary", "true");
        }
        if (protoVersion >= 2) {
            options.put("streaming", "on");
        }
        return options;
    }

    /** Binary values only when the decoder reads every mapped column's binary form exactly; text otherwise. */
    static boolean binaryReadable(PgSetup setup, List<TableId> tables) throws SQLException {
        for (TableId t : tables) {
            for (int oid : setup.columnTypes(t)) {
                if (!PgTypes.binaryReadable(oid)) {
                    LOG.info("table {} has a column of type OID {} whose binary form is not decoded; using text values", t, oid);
                    return false;
                }
            }
        }
        return true;
    }

    /** pgjdbc sends option values single-quoted verbatim; pgoutput reads the value as a list of identifiers. */
    static String publicationOption(String publication) {
        if (publication.indexOf('\'') >= 0 || publication.indexOf('\\') >= 0) {
            throw new ConfigException("publication name '" + publication + "' contains a quote or backslash, which pgjdbc cannot pass as a slot option");
        }
        return '"' + publication.replace("\"", "\"\"") + '"';
    }
}
