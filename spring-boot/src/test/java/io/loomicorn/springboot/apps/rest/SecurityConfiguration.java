package io.loomicorn.springboot.apps.rest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Spring Security's filter chain: HTTP Basic on {@code /api/secure/**}, everything else open, no CSRF (an API). */
@Configuration
public class SecurityConfiguration {

    /** Created by Spring. */
    public SecurityConfiguration() {
    }

    /**
     * The chain.
     *
     * @param http Spring Security's builder
     * @return the chain
     * @throws Exception if it cannot be built
     */
    @Bean
    public SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/api/secure/**").authenticated().anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable());
        return http.build();
    }
}
