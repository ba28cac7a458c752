-- Tokens bound to the device that signed in: the session keeps the login's deviceId (null for older tablets: not bound).
ALTER TABLE "sessions" ADD COLUMN "device_id" uuid;