/**
 * The application's components as registered: servlets ({@code ServletHolder}) and filters
 * ({@code FilterHolder}) with their mappings, init parameters and lifecycles, and the
 * listeners by kind with the events sent to them ({@code Listeners}). What a registration
 * needs of the application it belongs to is {@code RegistrationContext}, which the context
 * implements, so this package sits below the request objects and the context alike.
 */
package io.loomicorn.servlet.registration;
