package io.loomicorn.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Builds PROXY protocol v2 headers byte by byte for tests, including wrong ones. */
final class V2Header {

    static final byte[] SIGNATURE = ProxyProtocolDecoder.V2_SIGNATURE;

    private int versionCommand = 0x21;
    private int family = 0x11;
    private final ByteArrayOutputStream addresses = new ByteArrayOutputStream();
    private final ByteArrayOutputStream tlvs = new ByteArrayOutputStream();
    private Integer lengthOverride;
    private boolean crc;

    static V2Header tcp4(String source, int sourcePort, String destination, int destinationPort) {
        V2Header h = new V2Header();
        h.family = 0x11;
        h.addresses.writeBytes(ip(source));
        h.addresses.writeBytes(ip(destination));
        h.port(sourcePort).port(destinationPort);
        return h;
    }

    static V2Header tcp6(String source, int sourcePort, String destination, int destinationPort) {
        V2Header h = new V2Header();
        h.family = 0x21;
        h.addresses.writeBytes(ip16(source));
        h.addresses.writeBytes(ip16(destination));
        h.port(sourcePort).port(destinationPort);
        return h;
    }

    static V2Header raw(int versionCommand, int family, byte[] addressBlock) {
        V2Header h = new V2Header();
        h.versionCommand = versionCommand;
        h.family = family;
        h.addresses.writeBytes(addressBlock);
        return h;
    }

    V2Header length(int length) {
        lengthOverride = length;
        return this;
    }

    V2Header tlv(int type, byte[] value) {
        tlvs.write(type);
        tlvs.write(value.length >>> 8);
        tlvs.write(value.length & 0xff);
        tlvs.writeBytes(value);
        return this;
    }

    V2Header tlv(int type, String value) {
        return tlv(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a raw byte to the TLV area (to cut a TLV short). */
    V2Header tlvByte(int b) {
        tlvs.write(b);
        return this;
    }

    /** An SSL TLV with the client flag, and version and cipher sub-TLVs. */
    V2Header ssl(int client, String version, String cipher) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(client);
        v.writeBytes(new byte[] {0, 0, 0, 0}); // verify: 0 = the client certificate was verified
        if (version != null) {
            sub(v, 0x21, version);
        }
        if (cipher != null) {
            sub(v, 0x23, cipher);
        }
        return tlv(0x20, v.toByteArray());
    }

    V2Header crc32c() {
        crc = true;
        return this;
    }

    byte[] bytes() {
        byte[] tlvBytes = tlvs.toByteArray();
        int crcAt = -1;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(addresses.toByteArray());
        body.writeBytes(tlvBytes);
        if (crc) {
            body.write(0x03);
            body.write(0);
            body.write(4);
            crcAt = 16 + body.size();
            body.writeBytes(new byte[4]);
        }
        int length = lengthOverride != null ? lengthOverride : body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionCommand);
        out.write(family);
        out.write(length >>> 8);
        out.write(length & 0xff);
        out.writeBytes(body.toByteArray());
        byte[] all = out.toByteArray();
        if (crcAt >= 0) {
            CRC32C c = new CRC32C();
            c.update(all);
            long v = c.getValue();
            all[crcAt] = (byte) (v >>> 24);
            all[crcAt + 1] = (byte) (v >>> 16);
            all[crcAt + 2] = (byte) (v >>> 8);
            all[crcAt + 3] = (byte) v;
        }
        return all;
    }

    private V2Header port(int port) {
        addresses.write(port >>> 8);
        addresses.write(port & 0xff);
        return this;
    }

    private static void sub(ByteArrayOutputStream out, int type, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        out.write(type);
        out.write(b.length >>> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    private static byte[] ip(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] ip16(String text) {
        byte[] b = ip(text);
        if (b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }
}
