package io.loomicorn.servlet.registration;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import java.util.EventListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application's listeners by kind, in the order they were added, and the events sent
 * to them. "Destroyed" events go in reverse order (Servlet 6.1 §11.3.2).
 */
public final class Listeners {

    /** The listener interfaces an application may add (Servlet 6.1 §11.2). */
    public static final Set<Class<? extends EventListener>> KINDS = Set.of(
            ServletContextListener.class, ServletContextAttributeListener.class, ServletRequestListener.class,
            ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
            HttpSessionIdListener.class);

    private final List<ServletContextListener> context = new CopyOnWriteArrayList<>();
    private final List<ServletContextAttributeListener> contextAttributes = new CopyOnWriteArrayList<>();
    private final List<ServletRequestListener> requests = new CopyOnWriteArrayList<>();
    private final List<ServletRequestAttributeListener> requestAttributes = new CopyOnWriteArrayList<>();
    private final List<HttpSessionListener> sessions = new CopyOnWriteArrayList<>();
    private final List<HttpSessionAttributeListener> sessionAttributes = new CopyOnWriteArrayList<>();
    private final List<HttpSessionIdListener> sessionIds = new CopyOnWriteArrayList<>();

    /** Tells whether an object implements at least one listener interface. */
    public static boolean isListener(Object o) {
        return KINDS.stream().anyMatch(k -> k.isInstance(o));
    }

    /** Tells whether a class implements at least one listener interface. */
    public static boolean isListenerType(Class<?> c) {
        return KINDS.stream().anyMatch(k -> k.isAssignableFrom(c));
    }

    /**
     * Adds a listener under every listener interface it implements.
     *
     * @param l an object that {@link #isListener} accepts
     */
    public void add(EventListener l) {
        if (l instanceof ServletContextListener x) {
            context.add(x);
        }
        if (l instanceof ServletContextAttributeListener x) {
            contextAttributes.add(x);
        }
        if (l instanceof ServletRequestListener x) {
            requests.add(x);
        }
        if (l instanceof ServletRequestAttributeListener x) {
            requestAttributes.add(x);
        }
        if (l instanceof HttpSessionListener x) {
            sessions.add(x);
        }
        if (l instanceof HttpSessionAttributeListener x) {
            sessionAttributes.add(x);
        }
        if (l instanceof HttpSessionIdListener x) {
            sessionIds.add(x);
        }
    }

    /** Returns the context listeners, in the order added. */
    public List<ServletContextListener> contextListeners() {
        return context;
    }

    /** Returns the session listeners. */
    public List<HttpSessionListener> sessions() {
        return sessions;
    }

    /** Returns the session attribute listeners. */
    public List<HttpSessionAttributeListener> sessionAttributes() {
        return sessionAttributes;
    }

    /** Returns the session id listeners. */
    public List<HttpSessionIdListener> sessionIds() {
        return sessionIds;
    }

    /** Tells whether any request listener is registered (so that events can be skipped). */
    public boolean hasRequestListeners() {
        return !requests.isEmpty();
    }

    /** Tells whether any request attribute listener is registered. */
    public boolean hasRequestAttributeListeners() {
        return !requestAttributes.isEmpty();
    }

    /** Sends {@code requestInitialized}, in order. */
    public void requestInitialized(ServletContext ctx, ServletRequest request) {
        ServletRequestEvent e = new ServletRequestEvent(ctx, request);
        for (ServletRequestListener l : requests) {
            l.requestInitialized(e);
        }
    }

    /** Sends {@code requestDestroyed}, in reverse order. */
    public void requestDestroyed(ServletContext ctx, ServletRequest request) {
        ServletRequestEvent e = new ServletRequestEvent(ctx, request);
        for (int i = requests.size() - 1; i >= 0; i--) {
            try {
                requests.get(i).requestDestroyed(e);
            } catch (RuntimeException ex) {
                ctx.log("requestDestroyed failed in " + requests.get(i).getClass().getName(), ex);
            }
        }
    }

    /**
     * Sends the event for a request attribute change.
     *
     * @param old the value replaced or removed, or null if the attribute was added
     * @param removed whether it was removed
     */
    public void requestAttribute(ServletContext ctx, ServletRequest request, String name, Object value, Object old,
                                 boolean removed) {
        for (ServletRequestAttributeListener l : requestAttributes) {
            if (removed) {
                l.attributeRemoved(new ServletRequestAttributeEvent(ctx, request, name, old));
            } else if (old == null) {
                l.attributeAdded(new ServletRequestAttributeEvent(ctx, request, name, value));
            } else {
                l.attributeReplaced(new ServletRequestAttributeEvent(ctx, request, name, old));
            }
        }
    }

    /**
     * Sends the event for a context attribute change.
     *
     * @param old the value replaced or removed, or null if the attribute was added
     * @param removed whether it was removed
     */
    public void contextAttribute(ServletContext ctx, String name, Object value, Object old, boolean removed) {
        for (ServletContextAttributeListener l : contextAttributes) {
            if (removed) {
                l.attributeRemoved(new ServletContextAttributeEvent(ctx, name, old));
            } else if (old == null) {
                l.attributeAdded(new ServletContextAttributeEvent(ctx, name, value));
            } else {
                l.attributeReplaced(new ServletContextAttributeEvent(ctx, name, old));
            }
        }
    }
}
