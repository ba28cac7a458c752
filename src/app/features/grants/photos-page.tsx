// Photos of the paper form's pages: taken with the camera or chosen from files, downscaled and stored on the
// tablet, shown as numbered thumbnails that can be reordered, viewed full size and removed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { BackLink } from '../../components/back-link';
import { Button, ButtonLink } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { type AttachmentInfo, listAttachments, readAttachment } from '../../db/attachments';
import { toStoreError } from '../../db/errors';
import { useLiveQuery } from '../../db/live-query';
import { formatBytes } from '../../shell/format';
import { grantHref } from './grant-pages';
import { addPhoto, type GrantRecord, movePhoto, removePhoto } from './grant-store';
import { PhotoError, processPhoto } from './photos/process-photo';

/** An object URL for a stored photo, revoked when the screen no longer shows it. */
export function usePhotoUrl(id: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    readAttachment(id).then((blob) => {
      if (!live || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id]);
  return url;
}

function Thumbnail(props: {
  photo: AttachmentInfo;
  number: number;
  count: number;
  recordId: string;
  busy: boolean;
  onAction: (run: () => Promise<unknown>) => void;
}) {
  const { photo, number, count } = props;
  const url = usePhotoUrl(photo.id);
  return (
    <li class="app-photo" data-testid="photo">
      <div class="app-photo__image">
        {url ? <img src={url} alt={`Page ${number} of the paper form`} loading="lazy" /> : null}
      </div>
      <div class="app-photo__details">
        <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">Page {number}</h2>
        <p class="nhsuk-body-s nhsuk-u-margin-bottom-2" data-testid="photo-details">
          {photo.name}, {formatBytes(photo.size)}
        </p>
        <p class="nhsuk-body-s app-standalone-link nhsuk-u-margin-bottom-2">
          <Link href={`/grants/${props.recordId}/photo/${photo.id}`}>View page {number} full size</Link>
        </p>
        <div class="nhsuk-button-group">
          {number > 1 ? (
            <Button
              small
              variant="secondary"
              disabled={props.busy}
              onClick={() => props.onAction(() => movePhoto(photo.id, 'up'))}
            >
              Move page {number} up
            </Button>
          ) : null}
          {number < count ? (
            <Button
              small
              variant="secondary"
              disabled={props.busy}
              onClick={() => props.onAction(() => movePhoto(photo.id, 'down'))}
            >
              Move page {number} down
            </Button>
          ) : null}
          <Button
            small
            variant="warning"
            disabled={props.busy}
            onClick={() => props.onAction(() => removePhoto(photo.id))}
          >
            Remove page {number}
          </Button>
        </div>
      </div>
    </li>
  );
}

/**
 * One way to add photos: a large NHS.UK secondary button (a real button, so Tab reaches it, Enter and Space press
 * it, and it shows the NHS.UK focus style) that opens a visually hidden file input. The input keeps its own label
 * (tests set files through it) but is out of the Tab order and hidden from screen readers: the button is the one
 * control per action.
 */
function PhotoPicker(props: {
  id: string;
  action: string;
  inputLabel: string;
  camera?: boolean;
  disabled: boolean;
  describedBy: string;
  onFiles: (input: HTMLInputElement) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        variant="secondary"
        id={`${props.id}-button`}
        // Not `disabled` while photos are processed: that would drop the keyboard focus from the button.
        aria-disabled={props.disabled ? 'true' : undefined}
        aria-describedby={props.describedBy}
        onClick={() => {
          if (!props.disabled) input.current?.click();
        }}
      >
        {props.action}
      </Button>
      {/* Hidden from screen readers too (Chromium names a file input as a button: it would be a second one). */}
      <span aria-hidden="true">
        <label class="nhsuk-u-visually-hidden" for={props.id}>
          {props.inputLabel}
        </label>
        <input
          ref={input}
          class="nhsuk-u-visually-hidden"
          id={props.id}
          type="file"
          accept="image/*"
          {...(props.camera ? { capture: 'environment' } : { multiple: true })}
          tabIndex={-1}
          disabled={props.disabled}
          onChange={(event) => props.onFiles(event.currentTarget)}
        />
      </span>
    </>
  );
}

export function PhotosPage(props: { record: GrantRecord; change: boolean }) {
  const { record, change } = props;
  const photos = useLiveQuery(() => listAttachments(record.id), [record.id]);
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setProblems([]);
    try {
      await run();
    } catch (error) {
      setProblems([toStoreError(error).message]);
    } finally {
      setBusy(false);
    }
  }

  /** Each file on its own: one that cannot be read is refused with a message and the others are still stored. */
  async function addFiles(input: HTMLInputElement) {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    setBusy(true);
    setProblems([]);
    const found: string[] = [];
    let stored = 0;
    for (const [index, file] of files.entries()) {
      setStatus(`Processing photo ${index + 1} of ${files.length}…`);
      try {
        const photo = await processPhoto(file, file.name || 'The photo');
        await addPhoto(record.id, photo.blob, `${(file.name || 'photo').replace(/\.[^.]+$/, '')}.jpg`);
        stored++;
      } catch (error) {
        found.push(error instanceof PhotoError ? error.message : toStoreError(error).message);
      }
    }
    setProblems(found);
    setStatus(stored ? `${stored} ${stored === 1 ? 'photo' : 'photos'} added.` : '');
    setBusy(false);
  }

  const list = photos.state === 'ready' ? photos.value : [];
  const bytes = list.reduce((sum, photo) => sum + photo.size, 0);
  const next = grantHref(record.id, 'check-answers');
  const describedBy = `photo-hint${problems.length ? ' photo-error' : ''}`;
  return (
    <>
      <BackLink href={change ? grantHref(record.id, 'check-answers') : grantHref(record.id, 'declaration')} />
      <Page title="Photos of the paper form" caption="Evidence" hasErrors={problems.length > 0}>
        <ErrorSummary errors={problems.map((text) => ({ fieldId: 'photo-files-button', text }))} />
        <p class="nhsuk-body">
          Photograph every page of the paper form, in order, flat and in good light. Photos are made smaller
          (2,000 pixels on the long side) and kept on this tablet until the application is sent.
        </p>
        <p class="nhsuk-body" data-testid="photo-summary">
          {list.length === 0
            ? 'No pages yet.'
            : `${list.length} ${list.length === 1 ? 'page' : 'pages'}, ${formatBytes(bytes)} on this tablet.`}
        </p>
        {list.length ? (
          <ol class="app-photos">
            {list.map((photo, index) => (
              <Thumbnail
                key={photo.id}
                photo={photo}
                number={index + 1}
                count={list.length}
                recordId={record.id}
                busy={busy}
                onAction={act}
              />
            ))}
          </ol>
        ) : null}
        <div class={`nhsuk-form-group${problems.length ? ' nhsuk-form-group--error' : ''}`}>
          <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">
            {list.length ? 'Add the next page' : 'Add the first page'}
          </h2>
          <div class="nhsuk-hint" id="photo-hint">
            Take a photo with the tablet’s camera, or choose photos already on the tablet (JPEG, PNG, HEIC or
            WebP; you can choose several at once).
          </div>
          {problems.length ? (
            <span class="nhsuk-error-message" id="photo-error">
              <span class="nhsuk-u-visually-hidden">Error:</span> {problems.join('. ')}
            </span>
          ) : null}
          <div class="nhsuk-button-group">
            <PhotoPicker
              id="photo-camera"
              action="Take a photo"
              inputLabel="Take a photo of the next page"
              camera
              disabled={busy}
              describedBy={describedBy}
              onFiles={addFiles}
            />
            <PhotoPicker
              id="photo-files"
              action="Choose from files"
              inputLabel="Choose photos from the tablet’s files"
              disabled={busy}
              describedBy={describedBy}
              onFiles={addFiles}
            />
          </div>
        </div>
        <p class="nhsuk-body" role="status" data-testid="photo-status">
          {status}
        </p>
        <ButtonLink href={next}>Continue</ButtonLink>
      </Page>
    </>
  );
}

/** One photo full size, with the way back to the list. */
export function PhotoView(props: { record: GrantRecord; photoId: string }) {
  const url = usePhotoUrl(props.photoId);
  const photos = useLiveQuery(() => listAttachments(props.record.id), [props.record.id]);
  const number =
    photos.state === 'ready' ? photos.value.findIndex((photo) => photo.id === props.photoId) + 1 : 0;
  return (
    <>
      <BackLink href={grantHref(props.record.id, 'photos')} text="Back to the photos" />
      <Page title={number ? `Page ${number} of the paper form` : 'Photo of the paper form'}>
        {url ? (
          <img class="app-photo-full" src={url} alt={`Page ${number} of the paper form, full size`} />
        ) : null}
      </Page>
    </>
  );
}
