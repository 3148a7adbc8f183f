package dev.orderlog.platform.projection;

import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a projection keeps for the length of one transaction (the rows it locked and read, the changes it will write
 * at the flush), typed: made on first use in a transaction and gone with it.
 */
public final class TransactionScoped<T> {
    private final TransactionSynchronizationRegistry transactions;
    private final Supplier<T> fresh;
    /** Its own key among the transaction's resources. */
    private final Object key = new Object();

    public TransactionScoped(TransactionSynchronizationRegistry transactions, Supplier<T> fresh) {
        this.transactions = transactions;
        this.fresh = fresh;
    }

    /** This transaction's value, made now if the transaction has none yet. */
    public T get() {
        return existing().orElseGet(() -> {
            T made = fresh.get();
            transactions.putResource(key, made);
            return made;
        });
    }

    /** This transaction's value, if it has used one. */
    public Optional<T> existing() {
        @SuppressWarnings("unchecked") // Only get() puts a value under this key, and it is a T.
        T value = (T) transactions.getResource(key);
        return Optional.ofNullable(value);
    }
}
