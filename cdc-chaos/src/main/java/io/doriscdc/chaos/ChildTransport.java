package io.doriscdc.chaos;

import java.util.List;

/**
 * How a pipeline process delivers to Doris: a transport scheme ({@code streamload}, {@code grpc} through the run's
 * ingest gateway, or a test transport), its format and whether it loads in two phases. Immutable.
 */
record ChildTransport(String scheme, String format, boolean twoPhase) {

    static final ChildTransport STREAMLOAD_JSON = new ChildTransport("streamload", "json", false);

    /** Every transport and format the suite claims to survive: Stream Load JSON and CSV, each with and without 2PC, and gRPC. */
    static final List<ChildTransport> ALL = List.of(STREAMLOAD_JSON, new ChildTransport("streamload", "csv", false),
            new ChildTransport("streamload", "json", true), new ChildTransport("streamload", "csv", true),
            new ChildTransport("grpc", "json", false), new ChildTransport("grpc", "csv", true));

    ChildTransport {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("transport format must be json or csv, got " + format);
        }
    }

    boolean grpc() {
        return scheme.equals("grpc");
    }

    /** The {@link ChaosChild} arguments that select it. */
    List<String> args() {
        return List.of("transport=" + scheme, "format=" + format, "two-phase=" + twoPhase);
    }

    /** Parses {@code scheme/format[/2pc]}, e.g. {@code streamload/csv/2pc}. */
    static ChildTransport parse(String s) {
        String[] f = s.trim().split("/");
        if (f.length < 2 || f.length > 3 || f.length == 3 && !f[2].equals("2pc")) {
            throw new IllegalArgumentException("a transport is scheme/format[/2pc], e.g. streamload/csv/2pc or grpc/json; got '" + s + "'");
        }
        return new ChildTransport(f[0], f[1], f.length == 3);
    }

    @Override
    public String toString() {
        return scheme + "/" + format + (twoPhase ? "/2pc" : "");
    }
}
