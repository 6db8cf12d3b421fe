package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which transport each pipeline process of a run uses: the run's transports in an order shuffled by
 * the seed, in turn, so every run of more processes than transports kills each of them, and a seed
 * gives every process the same transport again. Immutable.
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

    /** The transport of pipeline process {@code number} (1, 2, ...). */
    ChildTransport forProcess(int number) {
        return order.get((number - 1) % order.size());
    }

    boolean needsGateway() {
        return order.stream().anyMatch(ChildTransport::grpc);
    }
}
