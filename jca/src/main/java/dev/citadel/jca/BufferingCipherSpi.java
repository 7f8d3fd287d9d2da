package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.ShortBufferException;

/**
 * A cipher whose PSA call is one-shot: {@code update} buffers and {@code doFinal} makes the one call. It holds what
 * such ciphers share — the buffer, the three {@code engineInit} forms reduced to one, and the mapping of a PSA
 * failure onto the exceptions {@code doFinal} may throw.
 *
 * @param <S> the parameter spec the cipher takes
 */
abstract class BufferingCipherSpi<S extends AlgorithmParameterSpec> extends CipherSpi {
    private final Class<S> specClass;
    private final String specName;
    /** The input given so far, wiped after each {@code doFinal}. */
    protected final ByteArrayOutputStream data = new ByteArrayOutputStream();

    protected BufferingCipherSpi(Class<S> specClass, String specName) {
        this.specClass = specClass;
        this.specName = specName;
    }

    /** Initialises for {@code opmode} with {@code spec}, which is null when the caller gave none. */
    protected abstract void init(int opmode, Key key, AlgorithmParameterSpec spec)
            throws InvalidKeyException, InvalidAlgorithmParameterException;

    /** Throws {@code IllegalStateException} unless the cipher may take input now. */
    protected abstract void checkReady();

    /** The one PSA call over all the input. */
    protected abstract byte[] finish(byte[] input) throws PsaException, IllegalBlockSizeException,
            BadPaddingException;

    /** What {@code finish} was doing, for the exception's message. */
    protected abstract String operation();

    /** The key id, for the exception's message. */
    protected abstract int keyId();

    /**
     * Whether {@code engineGetOutputSize} is exact, so a short output buffer is refused before the PSA call; when it
     * is only an upper bound (a decryption), the buffer is checked against the actual output.
     */
    protected abstract boolean exactOutputSize();

    @Override
    protected void engineInit(int opmode, Key k, SecureRandom random) throws InvalidKeyException {
        try {
            init(opmode, k, null);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key k, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        S spec = null;
        if (params != null) {
            try {
                spec = params.getParameterSpec(specClass);
            } catch (InvalidParameterSpecException e) {
                throw new InvalidAlgorithmParameterException("not " + specName + " parameters", e);
            }
        }
        init(opmode, k, spec);
    }

    @Override
    protected void engineInit(int opmode, Key k, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        init(opmode, k, params);
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int off, int len) {
        checkReady();
        if (input != null) {
            data.write(input, off, len);
        }
        return new byte[0];
    }

    @Override
    protected int engineUpdate(byte[] input, int off, int len, byte[] output, int outOff) {
        engineUpdate(input, off, len);
        return 0;
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int off, int len) throws IllegalBlockSizeException,
            BadPaddingException {
        engineUpdate(input, off, len);
        byte[] in = data.toByteArray();
        data.reset();
        try {
            return finish(in);
        } catch (PsaException e) {
            Exception x = JcaErrors.decrypt(operation(), keyId(), e);
            if (x instanceof BadPaddingException) {
                throw (BadPaddingException) x;
            }
            if (x instanceof IllegalBlockSizeException) {
                throw (IllegalBlockSizeException) x;
            }
            throw (ProviderException) x;
        } finally {
            Arrays.fill(in, (byte) 0);
        }
    }

    @Override
    protected int engineDoFinal(byte[] input, int off, int len, byte[] output, int outOff)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        int needed = engineGetOutputSize(len);
        if (exactOutputSize() && output.length - outOff < needed) {
            throw new ShortBufferException("output needs " + needed + " bytes");
        }
        byte[] out = engineDoFinal(input, off, len);
        if (output.length - outOff < out.length) {
            Arrays.fill(out, (byte) 0);
            throw new ShortBufferException("output needs " + out.length + " bytes");
        }
        System.arraycopy(out, 0, output, outOff, out.length);
        Arrays.fill(out, (byte) 0);
        return out.length;
    }
}
