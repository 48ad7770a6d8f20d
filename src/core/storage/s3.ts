// S3-compatible storage (AWS, MinIO, R2…). Its own module: the SDK is ~20 MB of memory, loaded only when S3_BUCKET is set.
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { assertKey, type Storage } from './port.js';

export function s3Storage(o: {
  bucket: string;
  endpoint?: string | undefined;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
  /** Streams are uploaded in parts of this size (S3's minimum is 5 MiB); a smaller stream is one PUT. */
  partSizeBytes?: number;
}): Storage {
  const partSize = o.partSizeBytes ?? 8 * 1024 * 1024;
  const client = new S3Client({
    region: o.region,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    forcePathStyle: o.forcePathStyle,
    ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    kind: 's3',
    async put(key, body, contentType) {
      assertKey(key);
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket: o.bucket, Key: key, Body: body, ContentType: contentType }));
        return;
      }
      // A stream of unknown length: a multipart upload, one part in memory at a time.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let uploadId: string | undefined;
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      const sendPart = async () => {
        uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket: o.bucket, Key: key, ContentType: contentType }))).UploadId;
        const PartNumber = parts.length + 1;
        const r = await client.send(new UploadPartCommand({ Bucket: o.bucket, Key: key, UploadId: uploadId, PartNumber, Body: Buffer.concat(pending) }));
        parts.push({ ETag: r.ETag, PartNumber });
        pending = [];
        pendingBytes = 0;
      };
      try {
        for await (const chunk of body) {
          pending.push(chunk as Buffer);
          pendingBytes += (chunk as Buffer).length;
          if (pendingBytes >= partSize) await sendPart();
        }
        if (!uploadId) {
          await client.send(new PutObjectCommand({ Bucket: o.bucket, Key: key, Body: Buffer.concat(pending), ContentType: contentType }));
          return;
        }
        if (pendingBytes > 0) await sendPart();
        await client.send(new CompleteMultipartUploadCommand({ Bucket: o.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      } catch (e) {
        if (uploadId) await client.send(new AbortMultipartUploadCommand({ Bucket: o.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
        throw e;
      }
    },
    async get(key) {
      assertKey(key);
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: key }));
        return { body: r.Body as Readable, contentType: r.ContentType, size: r.ContentLength };
      } catch (e) {
        if ((e as { name?: string }).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
          return undefined;
        }
        throw e;
      }
    },
    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: key }));
    },
  };
}
