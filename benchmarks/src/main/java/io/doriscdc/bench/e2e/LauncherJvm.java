package io.doriscdc.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of the harnesses' pipeline children: by default the ones {@code ./doris-cdc} starts the
 * pipeline with, read from the same file ({@code cdc-cli/jvm.options}, packed into the benchmarks jar as
 * {@value #RESOURCE}), and merged with extra options as the launcher merges {@code DORIS_CDC_JAVA_OPTS}:
 * extras come after the defaults (so they win), and an extra that names a collector drops the default's.
 * Stateless.
 */
final class LauncherJvm {

    static final String RESOURCE = "META-INF/doris-cdc/jvm.options";

    /** One set of JVM options for a child, with the name that reports it. */
    record OptionSet(String name, List<String> options) {
        @Override
        public String toString() {
            return name + " (" + (options.isEmpty() ? "no options: the JVM's own defaults" : String.join(" ", options)) + ")";
        }
    }

    private LauncherJvm() {
    }

    /** The launcher's default options, in file order. */
    static List<String> defaults() {
        try (InputStream in = LauncherJvm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath; build the benchmarks jar with ./mvnw -pl benchmarks -am package");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The options of a jvm.options text, as the launcher reads it: words separated by blanks, {@code #} to the end of a line a comment. */
    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            for (String word : (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    out.add(word);
                }
            }
        }
        return out;
    }

    /** The defaults followed by {@code extra}; a collector named in {@code extra} replaces the defaults' one. */
    static List<String> merge(List<String> defaults, List<String> extra) {
        boolean namesCollector = extra.stream().anyMatch(LauncherJvm::selectsCollector);
        List<String> out = new ArrayList<>();
        for (String d : defaults) {
            if (!(namesCollector && selectsCollector(d))) {
                out.add(d);
            }
        }
        out.addAll(extra);
        return out;
    }

    /**
     * A child's command line: java, {@code options} without any {@code -cp}/{@code -classpath} of theirs, and
     * the classpath they named (an older build's jar, to measure it), else {@code defaultClasspath}.
     */
    static List<String> command(List<String> options, String defaultClasspath) {
        List<String> cmd = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String classpath = defaultClasspath;
        for (int i = 0; i < options.size(); i++) {
            String opt = options.get(i);
            if ((opt.equals("-cp") || opt.equals("-classpath")) && i + 1 < options.size()) {
                classpath = options.get(++i);
            } else {
                cmd.add(opt);
            }
        }
        cmd.addAll(List.of("-cp", classpath));
        return cmd;
    }

    private static boolean selectsCollector(String option) {
        return option.matches("-XX:[+-]Use[A-Za-z0-9]*GC");
    }

    /**
     * Option sets from {@code spec}: {@code |}-separated entries, each {@code launcher} (the launcher's
     * defaults), {@code none} (no options: what the launcher used before it had defaults) or
     * {@code name=options}, where options may start with the word {@code launcher} to mean the defaults
     * merged with the rest ({@code g1=launcher -XX:+UseG1GC}), or {@code none} (nothing but the rest). A {@code -cp CLASSPATH} among the options runs
     * that set's child on another build ({@code before=-cp benchmarks/target/classes:old/benchmarks.jar}).
     */
    static List<OptionSet> sets(String spec) {
        List<OptionSet> out = new ArrayList<>();
        for (String entry : spec.split("\\|")) {
            String e = entry.trim();
            if (e.equals("launcher")) {
                out.add(new OptionSet("launcher", defaults()));
            } else if (e.equals("none")) {
                out.add(new OptionSet("none", List.of()));
            } else if (e.indexOf('=') > 0) {
                String name = e.substring(0, e.indexOf('='));
                List<String> words = new ArrayList<>(List.of(e.substring(e.indexOf('=') + 1).trim().split("\\s+")));
                words.removeIf(String::isEmpty);
                String first = words.isEmpty() ? "" : words.get(0);
                List<String> rest = words.isEmpty() ? words : words.subList(1, words.size());
                out.add(new OptionSet(name, first.equals("launcher") ? merge(defaults(), rest) : first.equals("none") ? rest : words));
            } else {
                throw new IllegalArgumentException("--child-jvm wants launcher, none or name=options (| between sets), got '" + e + "'");
            }
        }
        return out;
    }
}
