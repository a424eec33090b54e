package io.loomicorn.servlet.session;

import java.util.List;

/**
 * Where HTTP sessions live. The default keeps them in the worker's memory
 * ({@link InMemorySessionStore}), which is right for one worker that is never recycled;
 * with several workers, or {@code max_requests}, sessions belong outside the workers.
 * An application installs its own store by setting the context attribute
 * {@link #ATTRIBUTE} from an initializer or a {@code ServletContextListener}.
 *
 * <p>The container loads a session when a request first asks for it and saves it when the
 * request ends; implementations must be thread-safe.
 */
public interface SessionStore {

    /** The context attribute that names the application's store. */
    String ATTRIBUTE = SessionStore.class.getName();

    /**
     * Returns a session by id.
     *
     * @param id the id from the client's cookie
     * @return the session, or null if there is none
     */
    SessionRecord load(String id);

    /**
     * Saves a session: after it was created, and after each request that used it.
     *
     * @param session the session
     */
    void save(SessionRecord session);

    /**
     * Deletes a session: invalidated, expired, or moved to a new id.
     *
     * @param id the id
     */
    void delete(String id);

    /**
     * Removes and returns the sessions idle past their timeout, so that listeners hear of them.
     *
     * @param now epoch milliseconds
     * @return the expired sessions
     */
    List<SessionRecord> expire(long now);

    /** Tells whether sessions live in this worker's memory only (then several workers split them). */
    default boolean isLocal() {
        return false;
    }
}
