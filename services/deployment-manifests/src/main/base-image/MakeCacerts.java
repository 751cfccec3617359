import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the JDK trust store of the base image (what Debian's ca-certificates-java would make in its postinst, which
 * an extracted, unconfigured root file system never runs): every certificate of a directory of PEM files, as a
 * PKCS12 keystore without MAC or encryption (trusted certificates only; password "changeit" is accepted, like the
 * JDK's own cacerts). Run with the build machine's JDK: java MakeCacerts.java CERT_DIR OUT_FILE
 */
public final class MakeCacerts {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java MakeCacerts.java CERT_DIR OUT_FILE");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    if (!Files.isDirectory(dir)) {
      System.err.println("MakeCacerts: not a directory: " + dir);
      System.exit(1);
    }
    // no MAC, no encryption: nothing secret in a trust store, and the output does not depend on random salts
    System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
    System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<Path> files;
    try (Stream<Path> list = Files.walk(dir)) {
      files = list.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        X509Certificate cert = (X509Certificate) factory.generateCertificate(in);
        String alias = file.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase(Locale.ROOT)
            + " [jdk]";
        store.setCertificateEntry(alias, cert);
      }
    }
    if (files.isEmpty()) {
      System.err.println("MakeCacerts: no .crt files under " + dir);
      System.exit(1);
    }
    Files.createDirectories(Path.of(args[1]).toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      store.store(out, "changeit".toCharArray());
    }
    System.out.println("MakeCacerts: " + files.size() + " certificates -> " + args[1]);
  }
}
