package io.doriscdc.bench.e2e;

import io.doriscdc.api.Lsn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One question: how much faster is a backlog of two tables drained by two pipelines on two slots
 * (sharding across slots) than by one pipeline on one slot, on this machine?
 *
 * <p>Method: two tables of {@link Workload}'s columns; three slots created first (one reading a
 * publication of both tables, two reading a publication of one table each); then one backlog of
 * {@code --changes} changes, half on each table ({@link Workload#backlog}), so every slot has the same
 * WAL to decode. Then one pipeline JVM ({@link PipelineChild}) with both tables drains the single slot,
 * timed from its start until its acknowledged LSN reaches the backlog's end; then two pipeline JVMs,
 * one table each, drain their two slots at the same time, timed until both have (the wall time is the
 * slower one's; the CPU is both JVMs'). The transport is {@code discard} (real encoding, no network),
 * so the pipelines and PostgreSQL's walsenders are what is measured. No warm-up: every JVM starts cold.
 * {@code --rounds} repeats both, alternating, to see the noise.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.e2e.ShardedDrainHarness [--changes N] [--rounds N]}.
 */
public final class ShardedDrainHarness {

    static final String USAGE = """
            ShardedDrainHarness [--changes N] [--rounds N] [--child-heap 1g]
              --changes  changes in the backlog, half per table (default 400000)
              --rounds   how often each layout drains (alternating; default 2)
              --child-heap  -Xmx of each pipeline JVM, with the launcher's other options (cdc-cli/jvm.options; default 1g)""";

    private static final String A = "public.bench_items";
    private static final String B = "public.bench_items_b";

    private ShardedDrainHarness() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("changes", "rounds", "child-heap"), USAGE);
        long changes = o.getLong("changes", 400_000);
        int rounds = (int) o.getLong("rounds", 2);
        String heap = o.get("child-heap", "1g");
        Workload.Mix half = Workload.Mix.of(changes / 2);
        try (BenchPostgres pg = BenchPostgres.start(null, "postgres", "")) {
            System.out.printf("PostgreSQL %s, %d cores, backlog 2 x %,d changes (%s), %d round(s)%n", pg.version(),
                    Runtime.getRuntime().availableProcessors(), half.total(), half, rounds);
            try (var c = pg.connect()) {
                Workload.createTable(c, A);
                Workload.createTable(c, B);
            }
            for (String pub : List.of("shard_pub_all", "shard_pub_a", "shard_pub_b")) {
                pg.execute("DROP PUBLICATION IF EXISTS " + pub);
            }
            pg.execute("CREATE PUBLICATION shard_pub_all FOR TABLE " + A + ", " + B);
            pg.execute("CREATE PUBLICATION shard_pub_a FOR TABLE " + A);
            pg.execute("CREATE PUBLICATION shard_pub_b FOR TABLE " + B);
            List<String[]> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String start = null;
                for (String slot : List.of("shard_one", "shard_a", "shard_b")) {
                    String lsn = EndToEndHarness.createSlot(pg, slot);
                    start = start == null ? lsn : start;
                }
                long base = 10_000_000L * (r + 1);
                Workload.backlog(pg, half, base, A);
                String end = Workload.backlog(pg, half, base, B);
                long walBytes = Lsn.parse(end).value() - Lsn.parse(start).value();
                pg.execute("CHECKPOINT");
                System.out.printf("round %d: backlog of %.1f MB of WAL, end LSN %s%n", r + 1, walBytes / 1e6, end);

                EndToEndHarness.Row one = drain(pg, heap, List.of(new Shard("shard_pub_all", "shard_one",
                        A + "=items_a," + B + "=items_b")), end, half.total() * 2, walBytes).get(0);
                System.out.println("  1 slot : " + EndToEndHarness.line(one));
                List<EndToEndHarness.Row> two = drain(pg, heap, List.of(new Shard("shard_pub_a", "shard_a", A + "=items_a"),
                        new Shard("shard_pub_b", "shard_b", B + "=items_b")), end, half.total(), walBytes);
                two.forEach(t -> System.out.println("  2 slots: " + EndToEndHarness.line(t)));
                double wall = two.stream().mapToDouble(EndToEndHarness.Row::seconds).max().orElseThrow();
                double cpu = two.stream().mapToDouble(EndToEndHarness.Row::cpuSeconds).sum();
                results.add(new String[] {String.valueOf(r + 1), fmt(one.seconds()), fmt(half.total() * 2 / one.seconds()), fmt(one.cpuSeconds()),
                        fmt(wall), fmt(half.total() * 2 / wall), fmt(cpu), String.format(Locale.ROOT, "%.2f", one.seconds() / wall)});
            }
            System.out.println();
            System.out.println("| round | 1 slot: s | changes/s | pipeline CPU s | 2 slots: s (slower) | changes/s | pipeline CPU s (both) | speed-up |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            results.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        }
    }

    private record Shard(String publication, String slot, String tables) {
    }

    /** Starts one cold pipeline JVM per shard, then drains all at once; a row per shard. */
    private static List<EndToEndHarness.Row> drain(BenchPostgres pg, String heap, List<Shard> shards, String end, long changes, long walBytes)
            throws Exception {
        List<EndToEndHarness.Child> children = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(shards.size());
        try {
            for (Shard s : shards) {
                children.add(EndToEndHarness.Child.start(s.slot(), List.of(pg.jdbcUrl(), pg.user(), pg.password(), s.publication(), "discard",
                        "format=json", "200"), LauncherJvm.merge(LauncherJvm.defaults(), List.of("-Xmx" + heap))));
            }
            List<Future<EndToEndHarness.Row>> rows = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                EndToEndHarness.Child c = children.get(i);
                Shard s = shards.get(i);
                rows.add(pool.submit(() -> c.measure(s.slot(), end, s.tables(), changes, walBytes)));
            }
            List<EndToEndHarness.Row> out = new ArrayList<>();
            for (Future<EndToEndHarness.Row> f : rows) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
            children.forEach(EndToEndHarness.Child::kill);
        }
    }

    private static String fmt(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
