/**
 * Test infrastructure shared by the modules: a real PostgreSQL with logical decoding for JUnit 5 tests
 * ({@link io.doriscdc.testsupport.PostgresExtension}).
 */
package io.doriscdc.testsupport;
