/**
 * The linkage check a worker runs before it loads the application: every class that the
 * application's own code names must be on the class path, read from class files with the
 * JDK's class-file API, without loading anything. See
 * {@link io.loomicorn.linkage.LinkageCheck} for what is checked and why.
 */
package io.loomicorn.linkage;
