package io.loomicorn.servlet.session;

import io.loomicorn.servlet.registration.Listeners;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's HTTP sessions (Servlet 6.1 §7): ids (128 random bits), the session
 * cookie, the {@link SessionStore}, expiry every 30 seconds, and the session listeners.
 *
 * <p>With the in-memory store, a worker cannot see another worker's sessions and loses its
 * own when it is recycled. So when the application first creates a session while
 * {@code workers > 1} or {@code max_requests > 0}, the worker says so once in the error log
 * ({@link LocalSessionWarning}).
 */
public final class SessionManager {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SWEEP_SECONDS = 30;

    private final ServletContext context;
    private final Listeners listeners;
    private final LocalSessionWarning localWarning;
    private final SessionStore store;
    private final ScheduledExecutorService sweeper;

    /**
     * @param context      the started application, whose {@link SessionStore#ATTRIBUTE} names the store
     * @param listeners    its listeners
     * @param localWarning says when sessions in this worker's memory cannot work
     */
    public SessionManager(ServletContext context, Listeners listeners, LocalSessionWarning localWarning) {
        this.context = context;
        this.listeners = listeners;
        this.localWarning = localWarning;
        this.store = context.getAttribute(SessionStore.ATTRIBUTE) instanceof SessionStore s ? s : new InMemorySessionStore();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("loomicorn-servlet-sessions").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    ServletContext context() {
        return context;
    }

    /** Returns the store. */
    public SessionStore store() {
        return store;
    }

    /** Stops the sweeper at worker exit. */
    public void stop() {
        sweeper.shutdownNow();
    }

    /**
     * Returns the session state of one request.
     *
     * @param request  the container's request
     * @param response the container's response of the same exchange
     * @return the state
     */
    public RequestSessions forRequest(HttpServletRequest request, HttpServletResponse response) {
        return new RequestSessions(request, response);
    }

    private void sweep() {
        try {
            for (SessionRecord r : store.expire(System.currentTimeMillis())) {
                destroyed(new HttpSessionImpl(this, r, false));
            }
        } catch (RuntimeException e) {
            context.log("Expiring sessions failed", e);
        }
    }

    void attributeChanged(HttpSessionImpl session, String name, Object value, Object old) {
        if (old instanceof HttpSessionBindingListener b && old != value) {
            b.valueUnbound(new HttpSessionBindingEvent(session, name, old));
        }
        if (value instanceof HttpSessionBindingListener b && old != value) {
            b.valueBound(new HttpSessionBindingEvent(session, name, value));
        }
        for (HttpSessionAttributeListener l : listeners.sessionAttributes()) {
            if (value == null) {
                l.attributeRemoved(new HttpSessionBindingEvent(session, name, old));
            } else if (old == null) {
                l.attributeAdded(new HttpSessionBindingEvent(session, name, value));
            } else {
                l.attributeReplaced(new HttpSessionBindingEvent(session, name, old));
            }
        }
    }

    void invalidate(HttpSessionImpl session) {
        store.delete(session.getId());
        destroyed(session);
    }

    private void destroyed(HttpSessionImpl session) {
        List<HttpSessionListener> ls = listeners.sessions();
        HttpSessionEvent e = new HttpSessionEvent(session);
        for (int i = ls.size() - 1; i >= 0; i--) {
            try {
                ls.get(i).sessionDestroyed(e);
            } catch (RuntimeException ex) {
                context.log("sessionDestroyed failed", ex);
            }
        }
        SessionRecord r = session.record();
        Map<String, Object> attrs = new HashMap<>(r.attributes());
        r.invalidate();
        for (Map.Entry<String, Object> a : attrs.entrySet()) {
            r.attributes().remove(a.getKey());
            if (a.getValue() instanceof HttpSessionBindingListener b) {
                b.valueUnbound(new HttpSessionBindingEvent(session, a.getKey(), a.getValue()));
            }
            for (HttpSessionAttributeListener l : listeners.sessionAttributes()) {
                l.attributeRemoved(new HttpSessionBindingEvent(session, a.getKey(), a.getValue()));
            }
        }
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The session state of one request: the id the client sent, and the session it uses. */
    public final class RequestSessions {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final String requestedId;
        private HttpSessionImpl session;
        private boolean looked;

        RequestSessions(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
            String name = context.getSessionCookieConfig().getName();
            String id = null;
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                for (Cookie c : cookies) {
                    if (c.getName().equals(name)) {
                        id = c.getValue();
                        break;
                    }
                }
            }
            this.requestedId = id;
        }

        /** Returns the session id the client sent, or null. */
        public String requestedId() {
            return requestedId;
        }

        /** Tells whether the id the client sent names a live session. */
        public boolean requestedIdValid() {
            if (requestedId == null) {
                return false;
            }
            HttpSessionImpl s = lookup();
            return s != null && s.getId().equals(requestedId) && s.record().isValid();
        }

        private HttpSessionImpl lookup() {
            if (!looked) {
                looked = true;
                if (requestedId != null) {
                    SessionRecord r = store.load(requestedId);
                    long now = System.currentTimeMillis();
                    if (r != null && r.isValid() && !r.expired(now)) {
                        r.touch(now);
                        session = new HttpSessionImpl(SessionManager.this, r, false);
                    } else if (r != null && r.expired(now)) {
                        store.delete(r.id());
                        destroyed(new HttpSessionImpl(SessionManager.this, r, false));
                    }
                }
            }
            return session;
        }

        /**
         * Returns the request's session, creating one if asked.
         *
         * @param create whether to create a session when there is none
         * @return the session, or null
         */
        public HttpSession session(boolean create) {
            HttpSessionImpl s = lookup();
            if (s != null && s.record().isValid()) {
                return s;
            }
            if (!create) {
                return null;
            }
            if (response.isCommitted()) {
                throw new IllegalStateException("cannot create a session after the response was committed");
            }
            long now = System.currentTimeMillis();
            SessionRecord r = new SessionRecord(newId(), now, now, context.getSessionTimeout() * 60, Map.of());
            store.save(r);
            session = new HttpSessionImpl(SessionManager.this, r, true);
            setCookie(r.id());
            if (store.isLocal()) {
                localWarning.sessionCreated();
            }
            HttpSessionEvent e = new HttpSessionEvent(session);
            for (HttpSessionListener l : listeners.sessions()) {
                l.sessionCreated(e);
            }
            return session;
        }

        /** Gives the session a new id ({@code changeSessionId}). */
        public String changeId() {
            HttpSessionImpl s = lookup();
            if (s == null || !s.record().isValid()) {
                throw new IllegalStateException("the request has no session");
            }
            String old = s.getId();
            store.delete(old);
            s.record().id(newId());
            store.save(s.record());
            setCookie(s.getId());
            for (HttpSessionIdListener l : listeners.sessionIds()) {
                l.sessionIdChanged(new HttpSessionEvent(s), old);
            }
            return s.getId();
        }

        /** Saves the session when the request ends. */
        public void requestDone() {
            if (session != null && session.record().isValid()) {
                store.save(session.record());
            }
        }

        private void setCookie(String id) {
            SessionCookieConfig cfg = context.getSessionCookieConfig();
            Cookie c = new Cookie(cfg.getName(), id);
            String path = cfg.getPath();
            c.setPath(path != null ? path : request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            c.setHttpOnly(cfg.isHttpOnly());
            c.setSecure(cfg.isSecure());
            if (cfg.getDomain() != null) {
                c.setDomain(cfg.getDomain());
            }
            if (cfg.getMaxAge() >= 0) {
                c.setMaxAge(cfg.getMaxAge());
            }
            for (Map.Entry<String, String> a : cfg.getAttributes().entrySet()) {
                String k = a.getKey();
                if (!k.equalsIgnoreCase("Path") && !k.equalsIgnoreCase("Domain") && !k.equalsIgnoreCase("Max-Age")
                        && !k.equalsIgnoreCase("Secure") && !k.equalsIgnoreCase("HttpOnly")) {
                    c.setAttribute(k, a.getValue());
                }
            }
            response.addCookie(c);
        }
    }
}
