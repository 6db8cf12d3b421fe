package io.doriscdc.pgoutput.golden;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One captured golden set: the raw pgoutput messages of a scripted workload in text and binary
 * mode, plus what the same rows read through plain SQL ({@code ::text} of each column).
 *
 * <p>Files under {@code golden/pg<major>/}: {@code info.properties}, {@code text.msgs.gz} and
 * {@code binary.msgs.gz} (gzipped, one message per line: {@code <lsn> <hex>}), {@code sql.tsv} (one value per
 * line: {@code table, id, column, value} with {@code \N} for NULL and backslash escapes).
 */
public record GoldenSet(Map<String, String> info, List<Captured> text, List<Captured> binary,
        Map<String, Map<Integer, Map<String, String>>> sql) {

    /** One message as peeked from the slot. */
    public record Captured(String lsn, byte[] data) {
    }

    public static final String NULL = "\\N";

    public int major() {
        return Integer.parseInt(info.get("major"));
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("info.properties"))) {
            for (Map.Entry<String, String> e : new TreeMap<>(info).entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        writeMessages(dir.resolve("text.msgs.gz"), text);
        writeMessages(dir.resolve("binary.msgs.gz"), binary);
        try (Writer w = Files.newBufferedWriter(dir.resolve("sql.tsv"))) {
            for (var t : sql.entrySet()) {
                for (var r : t.getValue().entrySet()) {
                    for (var c : r.getValue().entrySet()) {
                        w.write(t.getKey() + "\t" + r.getKey() + "\t" + c.getKey() + "\t"
                                + (c.getValue() == null ? NULL : escape(c.getValue())) + "\n");
                    }
                }
            }
        }
    }

    private static void writeMessages(Path file, List<Captured> msgs) throws IOException {
        try (Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8)) {
            for (Captured m : msgs) {
                w.write(m.lsn() + " " + HexFormat.of().formatHex(m.data()) + "\n");
            }
        }
    }

    /** Loads a set from the class path ({@code golden/pg<major>/}), or null when not captured. */
    public static GoldenSet load(int major) {
        String base = "golden/pg" + major + "/";
        if (GoldenSet.class.getClassLoader().getResource(base + "info.properties") == null) {
            return null;
        }
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : lines(base + "info.properties")) {
            int eq = line.indexOf('=');
            info.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Map<String, Map<Integer, Map<String, String>>> sql = new LinkedHashMap<>();
        for (String line : lines(base + "sql.tsv")) {
            String[] f = line.split("\t", 4);
            sql.computeIfAbsent(f[0], k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f[1]), k -> new LinkedHashMap<>())
                    .put(f[2], f[3].equals(NULL) ? null : unescape(f[3]));
        }
        return new GoldenSet(info, messages(base + "text.msgs.gz"), messages(base + "binary.msgs.gz"), sql);
    }

    private static List<Captured> messages(String resource) {
        List<Captured> out = new ArrayList<>();
        for (String line : lines(resource)) {
            int sp = line.indexOf(' ');
            out.add(new Captured(line.substring(0, sp), HexFormat.of().parseHex(line.substring(sp + 1))));
        }
        return out;
    }

    private static List<String> lines(String resource) {
        try (InputStream raw = GoldenSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing golden resource " + resource);
            }
            InputStream in = resource.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
