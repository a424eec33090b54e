package io.loomicorn.e2e.servlet;

import io.loomicorn.servlet.context.ErrorPages;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application of the differential tests: the same initializer deploys it on Jetty and on
 * Loomicorn. Every servlet, filter and listener it registers is in {@link DiffServlets}.
 */
@HandlesTypes(DiffApp.Marker.class)
public final class DiffApp implements ServletContainerInitializer {

    /** Classes that the initializer asks for with {@code @HandlesTypes}. */
    public interface Marker {
    }

    /** One class the scan must find. */
    public static final class Found implements Marker {
    }

    /** Another, one level down. */
    public static class FoundToo implements Marker {
    }

    /** And one that extends a found class. */
    public static final class FoundByParent extends FoundToo {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        Set<String> names = new TreeSet<>();
        if (classes != null) {
            classes.forEach(c -> names.add(c.getSimpleName()));
        }
        ctx.setAttribute("handlesTypes", String.join(",", names));
        ctx.setInitParameter("greeting", "hello");
        ctx.addListener(DiffServlets.Events.class);

        ServletRegistration.Dynamic echo = ctx.addServlet("echo", DiffServlets.Echo.class);
        echo.addMapping("/echo/*");
        echo.setInitParameter("who", "echo");
        echo.setAsyncSupported(true);

        ServletRegistration.Dynamic mapping = ctx.addServlet("mapping", DiffServlets.Mapping.class);
        mapping.addMapping("/exact", "/prefix/*", "*.do", "", "/a/b/*");

        ServletRegistration.Dynamic resp = ctx.addServlet("resp", DiffServlets.Responses.class);
        resp.addMapping("/resp/*");

        ServletRegistration.Dynamic dispatch = ctx.addServlet("dispatch", DiffServlets.Dispatch.class);
        dispatch.addMapping("/dispatch/*");
        dispatch.setAsyncSupported(true);

        ServletRegistration.Dynamic error = ctx.addServlet("error", DiffServlets.ErrorPage.class);
        error.addMapping("/error-page");

        ServletRegistration.Dynamic async = ctx.addServlet("async", DiffServlets.Async.class);
        async.addMapping("/async/*");
        async.setAsyncSupported(true);

        ServletRegistration.Dynamic upload = ctx.addServlet("upload", DiffServlets.Upload.class);
        upload.addMapping("/upload");
        upload.setMultipartConfig(new MultipartConfigElement(null, 4096, 16384, 1024));

        ServletRegistration.Dynamic session = ctx.addServlet("session", DiffServlets.Session.class);
        session.addMapping("/session/*");

        ServletRegistration.Dynamic context = ctx.addServlet("context", DiffServlets.Context.class);
        context.addMapping("/context");

        ServletRegistration.Dynamic sync = ctx.addServlet("sync", DiffServlets.Echo.class);
        sync.addMapping("/sync-only/*");

        FilterRegistration.Dynamic trace = ctx.addFilter("trace", DiffServlets.Trace.class);
        trace.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/echo/*", "/async/*");
        trace.setAsyncSupported(true);

        FilterRegistration.Dynamic named = ctx.addFilter("named", DiffServlets.Named.class);
        named.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true, "mapping");

        FilterRegistration.Dynamic blocker = ctx.addFilter("blocker", DiffServlets.Blocker.class);
        blocker.addMappingForUrlPatterns(null, false, "/blocked/*");

        FilterRegistration.Dynamic errors = ctx.addFilter("errors", DiffServlets.ErrorOnly.class);
        errors.addMappingForUrlPatterns(EnumSet.of(DispatcherType.ERROR), true, "/error-page");

        if (ctx.getAttribute(ErrorPages.ATTRIBUTE) != null) {
            ErrorPages.of(ctx).add(409, "/error-page").add(IllegalStateException.class, "/error-page");
        }
    }
}
