package io.loomicorn.springboot.apps.reload;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Spring Security is on the class path (the shared lib/): this application lets everyone in. */
@Configuration
public class OpenSecurity {

    /** Created by Spring. */
    public OpenSecurity() {
    }

    /**
     * A chain that permits every request.
     *
     * @param http the builder
     * @return the chain
     * @throws Exception if it cannot be built
     */
    @Bean
    public SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }
}
