package dev.orderlog.platform.console;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * Operators' passwords as bcrypt in modular crypt form ({@code $2a$12$…}): salted, and slow by a stated cost, so a leaked
 * table costs 2^cost rounds for each guess. The form is the one {@code htpasswd -B} and pgcrypto write, so a hash made
 * elsewhere can be stored as it is.
 */
public final class OperatorPasswords {
    /** 2^12 rounds: about 0.4 s a check on one core of the 2-core machines this is built on. */
    public static final int COST = 12;

    private static final int SALT_BYTES = BCryptPassword.BCRYPT_SALT_SIZE;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PasswordFactory BCRYPT = factory();

    private OperatorPasswords() {}

    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            Password hashed = BCRYPT.generatePassword(
                    new EncryptablePasswordSpec(password, new IteratedSaltedPasswordAlgorithmSpec(COST, salt)));
            return ModularCrypt.encodeAsString(hashed);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("bcrypt is part of Elytron's password provider", impossible);
        }
    }

    /** Whether {@code guess} is the password {@code stored} was made from; false for a stored value that is no bcrypt. */
    public static boolean matches(String stored, char[] guess) {
        try {
            return BCRYPT.verify(BCRYPT.translate(ModularCrypt.decode(stored)), guess);
        } catch (InvalidKeySpecException | InvalidKeyException notBcrypt) {
            return false;
        }
    }

    private static PasswordFactory factory() {
        try {
            return PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, new WildFlyElytronPasswordProvider());
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("bcrypt is part of Elytron's password provider", impossible);
        }
    }
}
