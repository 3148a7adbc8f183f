package dev.orderlog.order;

/** Where an order goes (since OrderPlaced v2; v1 carried one free-text line). */
public record ShippingAddress(String recipient, String street, String city, String postalCode, String country) {}
