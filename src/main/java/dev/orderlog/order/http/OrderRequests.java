package dev.orderlog.order.http;

import dev.orderlog.order.Money;
import dev.orderlog.order.ShippingAddress;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The JSON bodies of the order commands, validated before any command is decided. */
final class OrderRequests {
    private OrderRequests() {}

    static final String SKU = Ids.SKU;

    /** {@code customerId} is for staff; a customer's comes from their token. Present, it must not be blank. */
    record CreateOrder(
            @Pattern(regexp = ".*\\S.*")
            @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            @Size(max = 64)
            String customerId,

            @NotNull @CurrencyCode String currency) {}

    record Price(
            @NotNull Long amountMinor,
            @NotNull @CurrencyCode String currency) {
        Money toMoney() {
            return new Money(amountMinor, currency);
        }
    }

    record AddLine(
            @NotNull @Pattern(regexp = SKU) String sku,
            @NotNull @Min(1) Integer quantity,
            @NotNull @Valid Price unitPrice) {}

    record ChangeQuantity(@NotNull @Min(1) Integer quantity) {}

    record Address(
            @NotBlank @Size(max = 200) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String recipient,

            @NotBlank @Size(max = 200) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String street,

            @NotBlank @Size(max = 100) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String city,

            @NotBlank @Size(max = 20) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String postalCode,

            @NotNull @Pattern(regexp = "[A-Z]{2}") String country) {
        ShippingAddress toAddress() {
            return new ShippingAddress(recipient, street, city, postalCode, country);
        }
    }

    record PlaceOrder(@NotNull @Valid Address shippingAddress) {}

    record ConfirmPayment(
            @NotNull @Valid Price amount,

            @NotBlank @Size(max = 100) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String paymentReference) {}

    record ShipOrder(
            @NotBlank @Size(max = 100) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String trackingNumber) {}

    record CancelOrder(
            @NotBlank @Size(max = 500) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String reason) {}
}
