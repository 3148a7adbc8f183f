package dev.orderlog.platform.web;

import jakarta.ws.rs.core.Response;

/** How an error is shown on a console page, where a browser reads it: implemented by the console. */
public interface ErrorPages {
    Response.ResponseBuilder error(int status, String title, String detail, String correlationId);
}
