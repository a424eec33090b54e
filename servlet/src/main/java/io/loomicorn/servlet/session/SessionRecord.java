package io.loomicorn.servlet.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data of one HTTP session, as a {@link SessionStore} keeps it: id, times, timeout and
 * attributes. An in-memory store keeps the record itself; a store outside the worker
 * serialises the attributes, which must then be {@link java.io.Serializable}.
 */
public final class SessionRecord {

    private volatile String id;
    private final long creationTime;
    private volatile long lastAccessedTime;
    private volatile int maxInactiveSeconds;
    private final Map<String, Object> attributes;
    private volatile boolean valid = true;

    /**
     * @param id                 the session id
     * @param creationTime       creation time, epoch milliseconds
     * @param lastAccessedTime   last access, epoch milliseconds
     * @param maxInactiveSeconds the idle timeout; zero or less means never
     * @param attributes         the attributes (copied)
     */
    public SessionRecord(String id, long creationTime, long lastAccessedTime, int maxInactiveSeconds,
                         Map<String, Object> attributes) {
        this.id = id;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveSeconds = maxInactiveSeconds;
        this.attributes = new ConcurrentHashMap<>(attributes);
    }

    /** Returns the id. */
    public String id() {
        return id;
    }

    void id(String newId) {
        this.id = newId;
    }

    /** Returns the creation time in epoch milliseconds. */
    public long creationTime() {
        return creationTime;
    }

    /** Returns the last access time in epoch milliseconds. */
    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    void touch(long now) {
        lastAccessedTime = now;
    }

    /** Returns the idle timeout in seconds; zero or less means never. */
    public int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    void maxInactiveSeconds(int seconds) {
        maxInactiveSeconds = seconds;
    }

    /** Returns the attributes, live. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Tells whether the session is still valid. */
    public boolean isValid() {
        return valid;
    }

    void invalidate() {
        valid = false;
    }

    /** Tells whether the session was idle past its timeout at {@code now}. */
    public boolean expired(long now) {
        return maxInactiveSeconds > 0 && now - lastAccessedTime > maxInactiveSeconds * 1000L;
    }
}
