package io.loomicorn.springboot.apps.mvc;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** Spring MVC with its defaults (Jackson 3 for JSON), and the controllers of this package. */
@Configuration
@EnableWebMvc
@ComponentScan
public class MvcConfiguration {

    /** Created by Spring. */
    public MvcConfiguration() {
    }
}
