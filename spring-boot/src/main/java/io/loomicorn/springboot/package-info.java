/**
 * Spring Boot 4 applications on Loomicorn: {@link io.loomicorn.springboot.SpringBootAdapter}
 * starts a {@code @SpringBootApplication} class once in each worker, on Loomicorn's servlet
 * container, and serves it as an {@link io.loomicorn.app.App}. See {@code docs/spring.md}.
 */
package io.loomicorn.springboot;
