/** The auto-configuration that makes Loomicorn the web server of a Boot application. */
package io.loomicorn.springboot.autoconfigure;
