/**
 * Small network services that run on a host through the Socket library, as any application
 * would: UDP echo (RFC 862) for now; TCP echo, discard and hold come with TCP.
 */
package io.netstack4j.app.services;
