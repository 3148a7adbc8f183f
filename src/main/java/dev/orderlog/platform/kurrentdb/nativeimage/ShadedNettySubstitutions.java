package dev.orderlog.platform.kurrentdb.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Delete;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkAlpnApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * The Netty shaded inside grpc-netty-shaded (which the KurrentDB client calls directly) refers to Jetty NPN and Log4J 2,
 * neither of which is on the class path: the native image would fail to link. Quarkus substitutes the same spots of
 * plain Netty; these do it for the shaded copy. TLS keeps ALPN; NPN, long obsolete, is refused; logging goes to JUL.
 */
final class ShadedNettySubstitutions {
    private ShadedNettySubstitutions() {}
}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.handler.ssl.JdkDefaultApplicationProtocolNegotiator")
final class Target_JdkDefaultApplicationProtocolNegotiator {
    @Alias
    public static Target_JdkDefaultApplicationProtocolNegotiator INSTANCE;
}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext")
final class Target_JdkSslContext {
    @Substitute
    static JdkApplicationProtocolNegotiator toNegotiator(ApplicationProtocolConfig config, boolean isServer) {
        if (config == null) {
            return (JdkApplicationProtocolNegotiator) (Object) Target_JdkDefaultApplicationProtocolNegotiator.INSTANCE;
        }
        return switch (config.protocol()) {
            case NONE ->
                (JdkApplicationProtocolNegotiator) (Object) Target_JdkDefaultApplicationProtocolNegotiator.INSTANCE;
            case ALPN ->
                isServer
                        ? new JdkAlpnApplicationProtocolNegotiator(
                                config.selectorFailureBehavior()
                                        == ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                                config.supportedProtocols())
                        : new JdkAlpnApplicationProtocolNegotiator(
                                config.selectedListenerFailureBehavior()
                                        == ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT,
                                config.supportedProtocols());
            default ->
                throw new UnsupportedOperationException(
                        "Only ALPN is supported in the native image, not " + config.protocol());
        };
    }
}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.handler.ssl.JdkNpnApplicationProtocolNegotiator")
@Delete
final class Target_JdkNpnApplicationProtocolNegotiator {}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.handler.ssl.JettyNpnSslEngine")
@Delete
final class Target_JettyNpnSslEngine {}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory")
final class Target_InternalLoggerFactory {
    @Substitute
    private static InternalLoggerFactory newDefaultFactory(String name) {
        return JdkLoggerFactory.INSTANCE;
    }
}

@TargetClass(className = "io.grpc.netty.shaded.io.netty.util.internal.logging.Log4J2LoggerFactory")
@Delete
final class Target_Log4J2LoggerFactory {}
