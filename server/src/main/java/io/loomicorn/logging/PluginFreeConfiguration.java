package io.loomicorn.logging;

import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LifeCycle2;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerConfigDelegate;
import org.apache.logging.log4j.core.async.AsyncWaitStrategyFactory;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationListener;
import org.apache.logging.log4j.core.config.ConfigurationScheduler;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.CustomLevelConfig;
import org.apache.logging.log4j.core.config.DefaultAdvertiser;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.ReliabilityStrategy;
import org.apache.logging.log4j.core.config.ReliabilityStrategyFactory;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.lookup.Interpolator;
import org.apache.logging.log4j.core.lookup.RuntimeStrSubstitutor;
import org.apache.logging.log4j.core.lookup.StrSubstitutor;
import org.apache.logging.log4j.core.net.Advertiser;
import org.apache.logging.log4j.core.script.ScriptManager;
import org.apache.logging.log4j.core.util.DummyNanoClock;
import org.apache.logging.log4j.core.util.NameUtil;
import org.apache.logging.log4j.core.util.NanoClock;
import org.apache.logging.log4j.core.util.WatchManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A log4j configuration built in code, without log4j's plugin machinery.
 *
 * <p>log4j's {@code AbstractConfiguration} makes a lookup {@code Interpolator} in its
 * constructor, whose first use reads every {@code Log4j2Plugins.dat} on the class path
 * and loads every plugin class they name (some 450 classes, 40-70 ms of CPU), although a
 * configuration made in code names no plugin. This one holds its appenders and loggers
 * itself, starts and stops them in {@code AbstractConfiguration}'s order, and makes the
 * lookups only when something asks for {@link #getStrSubstitutor()} (the JSON access log
 * does). Subclasses add their appenders and loggers in {@link #doConfigure()}.
 */
abstract class PluginFreeConfiguration extends AbstractFilterable implements Configuration {

    private final LoggerContext context;
    private final String name;
    private final ConcurrentMap<String, Appender> appenders = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LoggerConfig> loggers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> properties = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> components = new ConcurrentHashMap<>();
    private final List<ConfigurationListener> listeners = new CopyOnWriteArrayList<>();
    private final LoggerConfig root;
    private volatile Advertiser advertiser = new DefaultAdvertiser();
    private volatile NanoClock nanoClock = new DummyNanoClock();
    private ConfigurationScheduler scheduler;
    private WatchManager watchManager;
    private StrSubstitutor substitutor;

    /**
     * Creates an empty configuration whose root logger is at ERROR, as log4j's are.
     *
     * @param context the context it is made for
     * @param name    its name
     */
    PluginFreeConfiguration(LoggerContext context, String name) {
        this.context = context;
        this.name = name;
        components.put(CONTEXT_PROPERTIES, properties);
        root = new LoggerConfig(); // log4j's root: at ERROR, no appender
        setState(State.INITIALIZING);
    }

    /** Adds the appenders and loggers; called once, by {@link #initialize()}. */
    protected abstract void doConfigure();

    @Override
    public void initialize() {
        doConfigure();
        setState(State.INITIALIZED);
    }

    @Override
    public void start() {
        if (getState() == State.INITIALIZING) {
            initialize();
        }
        setStarting();
        for (LoggerConfig logger : loggers.values()) {
            logger.start();
        }
        for (Appender appender : appenders.values()) {
            appender.start();
        }
        root.start();
        super.start();
    }

    @Override
    public boolean stop(long timeout, TimeUnit unit) {
        setStopping();
        super.stop(timeout, unit, false);
        List<LoggerConfig> all = new ArrayList<>(loggers.values());
        all.add(root);
        // As log4j's own configurations: no new event enters the appenders, the queued
        // ones are written (asynchronous appenders first), then the rest stop.
        for (LoggerConfig logger : all) {
            logger.getReliabilityStrategy().beforeStopConfiguration(this);
        }
        for (LoggerConfig logger : all) {
            logger.stop(timeout, unit);
        }
        for (LoggerConfig logger : all) {
            logger.getReliabilityStrategy().beforeStopAppenders();
        }
        List<Appender> asyncFirst = new ArrayList<>(appenders.values());
        asyncFirst.sort((a, b) -> Boolean.compare(!(a instanceof AsyncAppender), !(b instanceof AsyncAppender)));
        for (Appender appender : asyncFirst) {
            if (appender.isStarted()) {
                if (appender instanceof LifeCycle2 stoppable) {
                    stoppable.stop(timeout, unit);
                } else {
                    appender.stop();
                }
            }
        }
        for (LoggerConfig logger : all) {
            for (String appender : List.copyOf(logger.getAppenders().keySet())) {
                logger.removeAppender(appender);
            }
        }
        synchronized (this) {
            if (scheduler != null) {
                scheduler.stop(timeout, unit);
            }
        }
        setStopped();
        return true;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public LoggerConfig getLoggerConfig(String loggerName) {
        for (String n = loggerName; n != null; n = NameUtil.getSubName(n)) {
            LoggerConfig logger = loggers.get(n);
            if (logger != null) {
                return logger;
            }
            if (n.isEmpty()) {
                break;
            }
        }
        return root;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Appender> T getAppender(String appenderName) {
        return appenderName == null ? null : (T) appenders.get(appenderName);
    }

    @Override
    public Map<String, Appender> getAppenders() {
        return appenders;
    }

    @Override
    public void addAppender(Appender appender) {
        if (appender != null) {
            appenders.putIfAbsent(appender.getName(), appender);
        }
    }

    @Override
    public Map<String, LoggerConfig> getLoggers() {
        return loggers;
    }

    @Override
    public synchronized void addLoggerAppender(Logger logger, Appender appender) {
        addAppender(appender);
        own(logger).addAppender(getAppender(appender.getName()), null, null);
    }

    @Override
    public synchronized void addLoggerFilter(Logger logger, Filter filter) {
        own(logger).addFilter(filter);
    }

    @Override
    public synchronized void setLoggerAdditive(Logger logger, boolean additive) {
        own(logger).setAdditive(additive);
    }

    /** The logger's own configuration, made as a child of its nearest one if it has none yet. */
    private LoggerConfig own(Logger logger) {
        String loggerName = logger.getName();
        LoggerConfig nearest = getLoggerConfig(loggerName);
        if (nearest.getName().equals(loggerName)) {
            return nearest;
        }
        LoggerConfig made = LoggerConfig.newBuilder()
                .setLoggerName(loggerName)
                .setLevel(logger.getLevel())
                .setAdditivity(true)
                .setConfig(this)
                .build();
        made.setParent(nearest);
        loggers.putIfAbsent(loggerName, made);
        setParents();
        logger.getContext().updateLoggers();
        return loggers.get(loggerName);
    }

    @Override
    public void addLogger(String loggerName, LoggerConfig loggerConfig) {
        loggers.putIfAbsent(loggerName, loggerConfig);
        setParents();
    }

    @Override
    public void removeLogger(String loggerName) {
        loggers.remove(loggerName);
        setParents();
    }

    private void setParents() {
        for (Map.Entry<String, LoggerConfig> entry : loggers.entrySet()) {
            String parent = NameUtil.getSubName(entry.getKey());
            entry.getValue().setParent(parent == null ? root : getLoggerConfig(parent));
        }
    }

    @Override
    public List<String> getPluginPackages() {
        return List.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public LoggerConfig getRootLogger() {
        return root;
    }

    @Override
    public void addListener(ConfigurationListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ConfigurationListener listener) {
        listeners.remove(listener);
    }

    /**
     * The variable substitutor of log4j's configurations, made on first use: this is where
     * the lookup plugins are collected.
     */
    @Override
    public synchronized StrSubstitutor getStrSubstitutor() {
        if (substitutor == null) {
            Interpolator lookup = new Interpolator(properties);
            lookup.setConfiguration(this);
            lookup.setLoggerContext(context);
            substitutor = new RuntimeStrSubstitutor(lookup);
            substitutor.setConfiguration(this);
        }
        return substitutor;
    }

    @Override
    public void createConfiguration(Node node, LogEvent event) {
        // Built in code: there are no nodes.
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getComponent(String componentName) {
        return (T) components.get(componentName);
    }

    @Override
    public void addComponent(String componentName, Object object) {
        components.putIfAbsent(componentName, object);
    }

    @Override
    public void setAdvertiser(Advertiser advertiser) {
        this.advertiser = advertiser;
    }

    @Override
    public Advertiser getAdvertiser() {
        return advertiser;
    }

    @Override
    public boolean isShutdownHookEnabled() {
        // ServerLoggerContext stops the server's context from its own shutdown hook.
        return false;
    }

    @Override
    public long getShutdownTimeoutMillis() {
        return 0;
    }

    @Override
    public synchronized ConfigurationScheduler getScheduler() {
        if (scheduler == null) {
            scheduler = new ConfigurationScheduler();
        }
        return scheduler;
    }

    @Override
    public ConfigurationSource getConfigurationSource() {
        return ConfigurationSource.NULL_SOURCE;
    }

    @Override
    public List<CustomLevelConfig> getCustomLevels() {
        return List.of();
    }

    @Override
    public ScriptManager getScriptManager() {
        return null;
    }

    @Override
    public AsyncLoggerConfigDelegate getAsyncLoggerConfigDelegate() {
        throw new UnsupportedOperationException("no asynchronous loggers in " + name);
    }

    @Override
    public AsyncWaitStrategyFactory getAsyncWaitStrategyFactory() {
        return null;
    }

    @Override
    public synchronized WatchManager getWatchManager() {
        if (watchManager == null) {
            watchManager = new WatchManager(getScheduler());
        }
        return watchManager;
    }

    @Override
    public ReliabilityStrategy getReliabilityStrategy(LoggerConfig loggerConfig) {
        return ReliabilityStrategyFactory.getReliabilityStrategy(loggerConfig);
    }

    @Override
    public NanoClock getNanoClock() {
        return nanoClock;
    }

    @Override
    public void setNanoClock(NanoClock nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public LoggerContext getLoggerContext() {
        return context;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
