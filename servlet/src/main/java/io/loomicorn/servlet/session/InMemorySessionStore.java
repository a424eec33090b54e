package io.loomicorn.servlet.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in this worker's memory: lost when it exits, invisible to other workers. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, SessionRecord> sessions = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemorySessionStore() {
    }

    @Override
    public SessionRecord load(String id) {
        return sessions.get(id);
    }

    @Override
    public void save(SessionRecord session) {
        sessions.put(session.id(), session);
    }

    @Override
    public void delete(String id) {
        sessions.remove(id);
    }

    @Override
    public List<SessionRecord> expire(long now) {
        List<SessionRecord> expired = new ArrayList<>();
        for (SessionRecord s : sessions.values()) {
            if (s.expired(now) && sessions.remove(s.id(), s)) {
                expired.add(s);
            }
        }
        return expired;
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
