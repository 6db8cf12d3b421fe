package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which transport each pipeline process of a run uses: the run's transports in an order shuffled by
 * the seed, the next one after each SIGKILL (a process that ends by itself is replaced on the same
 * transport), so a run of at least as many kills as transports kills each of them, and a seed gives
 * the same order again. Immutable.
 */
record TransportRotation(List<ChildTransport> order) {

    TransportRotation {
        if (order.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one transport");
        }
        order = List.copyOf(order);
    }

    static TransportRotation of(ChaosSettings s) {
        List<ChildTransport> order = new ArrayList<>(s.transports());
        Collections.shuffle(order, Seeds.random(s.seed(), "transports"));
        return new TransportRotation(order);
    }

    /** The transport of the pipeline process started after {@code kills} SIGKILLs. */
    ChildTransport afterKills(int kills) {
        return order.get(kills % order.size());
    }

    boolean needsGateway() {
        return order.stream().anyMatch(ChildTransport::grpc);
    }
}
