package io.loomicorn.springboot.apps.mvc;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.springframework.web.WebApplicationInitializer;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A Spring MVC 7 application without Boot: Spring's {@code SpringServletContainerInitializer}
 * finds this initializer through {@code @HandlesTypes}, and it registers the dispatcher servlet
 * over an annotation-configured context.
 */
public class MvcInitializer implements WebApplicationInitializer {

    /** Created by Spring's container initializer. */
    public MvcInitializer() {
    }

    @Override
    public void onStartup(ServletContext servletContext) {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.register(MvcConfiguration.class);
        ServletRegistration.Dynamic dispatcher = servletContext.addServlet("dispatcher", new DispatcherServlet(context));
        dispatcher.setLoadOnStartup(1);
        dispatcher.setAsyncSupported(true);
        dispatcher.addMapping("/");
    }
}
