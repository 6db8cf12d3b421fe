package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.PipelineListener;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TransportsTest {

    /** Registered in this module's test META-INF/services. */
    public static final class FakeProvider implements TransportProvider {
        @Override
        public String scheme() {
            return "fake";
        }

        @Override
        public Transport create(TransportConfig config, PipelineListener listener) {
            return new Transport() {
                @Override
                public String scheme() {
                    return "fake";
                }

                @Override
                public BatchEncoder newEncoder(TableMapping mapping) {
                    throw new IllegalStateException("not used");
                }

                @Override
                public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
                    return CompletableFuture.failedFuture(new TransportException("not used", false, batch.label()));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Registered too, under a second scheme, to see it listed. */
    public static final class OtherProvider implements TransportProvider {
        @Override
        public String scheme() {
            return "other";
        }

        @Override
        public Transport create(TransportConfig config, PipelineListener listener) {
            return new FakeProvider().create(config, listener);
        }
    }

    @Test
    void findsAProviderByScheme() {
        assertThat(Transports.load("fake")).isInstanceOf(FakeProvider.class);
        assertThat(Transports.load("fake").create(TransportConfig.empty(), PipelineListener.NONE).scheme()).isEqualTo("fake");
    }

    @Test
    void anUnknownSchemeListsTheAvailableOnes() {
        assertThatThrownBy(() -> Transports.load("kafka"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no transport for scheme 'kafka'; available: [fake, other]");
    }

    @Test
    void listsSchemesSorted() {
        assertThat(Transports.availableSchemes()).containsExactly("fake", "other");
    }
}
