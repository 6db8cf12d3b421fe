package io.doriscdc.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} or {@code --name value} command-line options, checked against the known names. Not thread-safe. */
final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();

    Options(String[] args, Set<String> known, String usage) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage);
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            String value = eq >= 0 ? a.substring(eq + 1) : (i + 1 < args.length ? args[++i] : null);
            if (!known.contains(name) || value == null) {
                throw new IllegalArgumentException((value == null ? "option --" + name + " needs a value" : "unknown option --" + name)
                        + "\n" + usage);
            }
            values.put(name, value);
        }
    }

    String get(String name, String def) {
        return values.getOrDefault(name, def);
    }

    long getLong(String name, long def) {
        String v = values.get(name);
        try {
            return v == null ? def : Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " = '" + v + "' is not a number", e);
        }
    }
}
