package io.doriscdc.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:/path}} in configuration values (a file's trailing
 * line break is dropped). The resolved text is never put into a message. Thread-safe.
 */
public final class Secrets {

    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    private final Function<String, String> env;

    public Secrets(Function<String, String> env) {
        this.env = env;
    }

    public static Secrets fromSystem() {
        return new Secrets(System::getenv);
    }

    public static Secrets of(Map<String, String> env) {
        return new Secrets(env::get);
    }

    /**
     * The value with every reference replaced.
     *
     * @throws IllegalArgumentException naming the variable or file (never its content) when it cannot be read
     */
    public String resolve(String value) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).trim();
            String resolved = m.group(1).equals("env") ? fromEnv(name) : fromFile(name);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromEnv(String name) {
        String v = name.isEmpty() ? null : env.apply(name);
        if (v == null) {
            throw new IllegalArgumentException("environment variable '" + name + "' is not set; export it or use ${file:/path}");
        }
        return v;
    }

    private static String fromFile(String name) {
        try {
            String s = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("secret file '" + name + "' cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
    }
}
