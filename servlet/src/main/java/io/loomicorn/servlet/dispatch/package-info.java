/**
 * Runs requests through the application: {@code Exchange} takes one App API exchange from
 * the path's mapping through the REQUEST dispatch, error pages and asynchronous cycles to
 * the completed response; the {@code RequestDispatcher}s forward and include; each dispatch
 * goes through its filter chain to its servlet; {@code ErrorHandler} turns failures into
 * statuses and error pages. What it needs of the application is {@code DispatchContext}.
 */
package io.loomicorn.servlet.dispatch;
