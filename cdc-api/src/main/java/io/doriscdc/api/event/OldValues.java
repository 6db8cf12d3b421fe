package io.doriscdc.api.event;

/** Which old values the server sent with an UPDATE or DELETE. */
public enum OldValues {
    /** None: an UPDATE under REPLICA IDENTITY DEFAULT/INDEX that did not change the key. */
    NONE,
    /** 'K': the replica identity (key) columns only; the other columns are NULL in the old row. */
    KEY,
    /** 'O': the whole old row (REPLICA IDENTITY FULL); unchanged TOAST columns may still be absent. */
    FULL
}
