package io.doriscdc.api.transport;

/**
 * The encoded payload of a batch, owned by the transport that made it: only that transport's
 * {@link Transport#deliver(Batch)} understands it. Immutable once finished; readable many times.
 */
public interface EncodedBatch {

    int rowCount();

    long byteCount();
}
