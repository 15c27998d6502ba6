import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The message of a refusal that no field shows, and Cancel / the submit button. */
export function FormFooter({
  error,
  fieldErrors,
  busy,
  onCancel,
  submit,
  submitColor,
}: {
  error: string | null;
  fieldErrors: Record<string, string>;
  busy: boolean;
  onCancel: () => void;
  submit?: string;
  submitColor?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && !Object.keys(fieldErrors).length && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color={submitColor} loading={busy}>
          {submit ?? t('common.save')}
        </Button>
      </Group>
    </>
  );
}
